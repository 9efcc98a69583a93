// Documents written for the import tests: a Sichuan opinions paper, its next version, and the
// database's fingerprint (every table's row count and the change logs' last entries).
import Database from "better-sqlite3";

export const V1 = [
  "四川省人民政府办公厅关于推进外贸新业态发展的实施意见",
  "川办发〔2031〕12号",
  "各市（州）人民政府，省政府各部门：",
  "根据《国务院办公厅关于加快发展外贸新业态新模式的意见》（国办发〔2021〕24号）精神，结合我省实际，提出以下意见。",
  "一、培育新业态主体",
  "（一）发展跨境电商。建设跨境电商综合试验区，完善线上综合服务平台，2032年底前培育跨境电商龙头企业20家。（责任单位：商务厅，省发改委、成都海关）",
  "（二）发展海外仓。支持企业在重点市场布局海外仓，推动海外仓与跨境电商平台数据对接。（责任单位：商务厅、省经济合作局，各市（州）人民政府）",
  "（三）发展市场采购贸易。在具备条件的专业市场开展市场采购贸易方式试点，扩大出口规模。（责任单位：商务厅，省航天推进办）",
  "二、优化发展环境",
  "（四）完善金融服务。引导金融机构为新业态企业提供结算、融资和保险服务。（责任单位：人行成都分行，四川金融监管局）",
  "（五）推进数字化转型。推动外贸企业开展数字化改造，建设一批数字化转型促进中心。",
  "牵头单位：经济和信息化厅",
  "配合单位：商务厅、有关部门",
  "牵头负责领导：李某某",
  "完成时限：2033年6月底前",
  "四川省人民政府办公厅",
  "2031年5月1日",
];

/**
 * The next version: 一.(一) reworded, a measure inserted as 一.(二) (the later ones renumbered),
 * 市场采购贸易 gone, and 完善金融服务 with another co-unit.
 */
export const V2 = [
  "四川省人民政府办公厅关于推进外贸新业态发展的实施意见",
  "川办发〔2031〕12号",
  "各市（州）人民政府，省政府各部门：",
  "根据《国务院办公厅关于加快发展外贸新业态新模式的意见》（国办发〔2021〕24号）精神，结合我省实际，提出以下意见。",
  "一、培育新业态主体",
  "（一）发展跨境电商。建设跨境电商综合试验区，完善线上综合服务平台和海外营销网络，2033年底前培育跨境电商龙头企业30家。（责任单位：商务厅，省发改委、成都海关）",
  "（二）发展保税维修。支持综合保税区内企业开展全球维修业务，扩大维修产品目录。（责任单位：商务厅，成都海关）",
  "（三）发展海外仓。支持企业在重点市场布局海外仓，推动海外仓与跨境电商平台数据对接。（责任单位：商务厅、省经济合作局，各市（州）人民政府）",
  "二、优化发展环境",
  "（四）完善金融服务。引导金融机构为新业态企业提供结算、融资和保险服务。（责任单位：人行成都分行，省地方金融监管局）",
  "（五）推进数字化转型。推动外贸企业开展数字化改造，建设一批数字化转型促进中心。",
  "牵头单位：经济和信息化厅",
  "配合单位：商务厅、有关部门",
  "牵头负责领导：李某某",
  "完成时限：2033年6月底前",
  "四川省人民政府办公厅",
  "2031年9月1日",
];

export const utf8 = (lines: string[]) => Buffer.from(lines.join("\n"), "utf8");

/** Every table's row count and the change logs' last entries: equal means nothing was written. */
export function fingerprint(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'TaskSearch_%'`,
        )
        .all() as Array<{ name: string }>
    ).map((r) => r.name);
    const out: Record<string, number> = {};
    for (const t of tables)
      out[t] = Number(db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get());
    for (const log of ["TaskChange", "PageChange"])
      out[`${log}.seq`] = Number(
        db.prepare(`SELECT coalesce(max(seq), 0) FROM "${log}"`).pluck().get(),
      );
    return out;
  } finally {
    db.close();
  }
}
