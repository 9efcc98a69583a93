// An import's preview as plain text, for `npm run import`. Pure.
import type { Preview, PreviewMeasure, PreviewName } from "./import-preview";
import { describeResolution } from "./unit-resolution";

const STATUS = { DRAFT: "征求意见稿/草案", IN_FORCE: "正式印发" } as const;

const GAP = "\u3000";

function unitLine(m: PreviewMeasure): string {
  const list = (u: PreviewMeasure["lead"]) => u.map((x) => x.name).join("、") || "—";
  return `牵头：${list(m.lead)}${GAP}配合：${list(m.co)}`;
}

function nameLine(n: PreviewName): string {
  if (!n.decision) return describeResolution(n.name, n.resolution);
  if (n.creates) return `${n.name}：新建单位「${n.creates.name}」`;
  if (n.target) return `${n.name}：指定为「${n.target.name}」（将加为其别称）`;
  return describeResolution(n.name, n.resolution);
}

export function previewText(
  p: Preview,
  context: { jurisdiction: string; replaces: { title: string; version: number | null } | null },
): string {
  const h = p.header;
  const lines: string[] = [];
  lines.push(`《${h.title || "（无标题）"}》`);
  lines.push(
    [h.number || "无文号", h.issuer || "发文机关未识别", h.date || "日期未识别", STATUS[h.status]]
      .concat(`落实地区：${context.jurisdiction}`)
      .join(" · "),
  );
  if (h.implements) lines.push(`贯彻落实：${h.implements}`);
  for (const w of p.warnings) lines.push(`⚠ ${w}`);
  lines.push("");
  if (p.diff && context.replaces) {
    const d = p.diff;
    lines.push(
      `新版本：替换《${context.replaces.title}》（现为第 ${context.replaces.version ?? 0} 版）——新增 ${d.added.length} 项，删除（归档）${d.removed.length} 项，修改 ${d.changed.length} 项，未变 ${d.unchanged} 项；保留报送 ${d.kept.reports} 条、督办部门指定的责任单位 ${d.kept.manualAssignments} 个`,
    );
    for (const a of d.added) lines.push(`  + ${a.ref} ${a.heading}`);
    for (const r of d.removed)
      lines.push(
        `  − ${r.ref} ${r.heading}${r.reports ? `（${r.reports} 条报送随任务归档保留）` : ""}`,
      );
    for (const c of d.changed) {
      const what = [
        c.fromRef !== c.ref ? `序号 ${c.fromRef} → ${c.ref}` : null,
        c.text ? "原文修改" : null,
        c.units.added.length ? `增加 ${c.units.added.join("、")}` : null,
        c.units.removed.length ? `去掉 ${c.units.removed.join("、")}` : null,
        c.due ? `时限 ${c.due.from ?? "无"} → ${c.due.to ?? "无"}` : null,
        c.restored ? "恢复已归档任务" : null,
      ].filter(Boolean);
      lines.push(`  ~ ${c.ref}：${what.join("；")}`);
    }
    lines.push("");
  }
  lines.push(
    `措施 ${p.counts.measures} 项${p.counts.dropped ? `（删除 ${p.counts.dropped} 段）` : ""}，其中待分配 ${p.counts.unassigned} 项`,
  );
  for (const m of p.measures) {
    if (m.dropped) continue;
    const due = m.due ? `${m.due}${m.dueText ? `（${m.dueText}）` : ""}` : "未设定";
    lines.push(
      `${m.ref} ${m.heading}${GAP}${unitLine(m)}${GAP}时限：${due}${m.leader ? `${GAP}责任领导：${m.leader}` : ""}`,
    );
    for (const w of m.warnings) lines.push(`  ⚠ ${w}`);
  }
  lines.push("");
  lines.push("单位名称：");
  for (const n of p.names) lines.push(`  ${nameLine(n)}`);
  if (p.problems.length > 0) {
    lines.push("");
    lines.push("提交前须解决：");
    for (const problem of p.problems) lines.push(`  - ${problem}`);
  }
  return lines.join("\n");
}
