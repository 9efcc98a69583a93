import * as chardet from "chardet";
import iconv from "iconv-lite";
const t = "一、重点任务\n1．做好甲项工作，推动企业发展。（责任单位：商务厅，财政厅）\n2．乙。";
for (const enc of ["gb18030", "gbk", "utf16le", "utf16be", "big5"]) {
  const b = iconv.encode(t, enc);
  console.log(enc, JSON.stringify(chardet.analyse(b).slice(0, 4)));
}
