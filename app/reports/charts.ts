// The pack's charts, drawn once as SVG by ECharts on the server (renderToSVGString, no DOM) and
// turned into PNG by resvg (a Rust renderer shipped as a binary inside its npm package): the SVG
// goes on the report's page, the PNG into the DOCX and the XLSX. resvg is given the font files
// itself and never loads system fonts or anything else: without a CJK font file it would draw
// boxes, so the charts are left out (and the files say so) rather than drawn wrong.
// Colours mean the same everywhere: red only for what is overdue (红灯, 逾期), amber for 黄灯,
// green for 绿灯, grey for what is done, light blue for the rest.
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
// ECharts' core and only the parts drawn here: the full bundle costs ~70 MB more in every worker.
import * as echarts from "echarts/core";
import "echarts/lib/chart/bar";
import "echarts/lib/component/grid";
import "echarts/lib/component/legendPlain";
import { SVGRenderer } from "echarts/renderers";
import type { RollupData } from "../../jobs/rollup";

echarts.use(SVGRenderer);

export const COLOURS = {
  red: "#c0392b",
  amber: "#e6a23c",
  green: "#3a9a5b",
  done: "#7f8c8d",
  open: "#8fb3d9",
} as const;

/**
 * Where Debian and common machines keep a CJK font, smallest file first: resvg-js copies the whole
 * font file for every glyph it draws, so a chart's ~1,000 glyphs took 3 s with Noto Sans CJK
 * (19 MB) and 0.2 s with Droid Sans Fallback (4 MB, Debian fonts-droid-fallback).
 */
const FONTS = [
  {
    file: "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    family: "Droid Sans Fallback",
  },
  { file: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", family: "WenQuanYi Micro Hei" },
  { file: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", family: "WenQuanYi Zen Hei" },
  { file: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "Noto Sans CJK SC" },
  { file: "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", family: "Noto Sans CJK SC" },
  { file: "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", family: "Noto Sans CJK SC" },
  { file: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", family: "Noto Serif CJK SC" },
];

/** The CJK font file the PNGs are drawn with: DUBAN_CHART_FONT, or the first one found. */
export function chartFontFile(): string | null {
  const own = process.env.DUBAN_CHART_FONT;
  if (own) return existsSync(own) ? own : null;
  return FONTS.find((f) => existsSync(f.file))?.file ?? null;
}

/** The family name the SVG asks for and resvg falls back to: the one file loaded answers to it. */
const familyOf = (file: string) => FONTS.find((f) => f.file === file)?.family ?? "Noto Sans CJK SC";

// Droid Sans Fallback has no Latin letters or digits: resvg takes those from DejaVu Sans (Debian's
// fonts-dejavu-core, on nearly every machine) when it is there, and the CJK font for the rest.
const LATIN = { file: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", family: "DejaVu Sans" };
const latinFont = () => (existsSync(LATIN.file) ? [LATIN.file] : []);

const FAMILY = [LATIN.family, ...new Set(FONTS.map((f) => f.family)), "sans-serif"].join(", ");

export type Chart = { svg: string; width: number; height: number };
export type ChartImage = { png: Buffer; width: number; height: number };
export type ChartImages = { completion: ChartImage; lights: ChartImage };

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function render(option: echarts.EChartsCoreOption, width: number, height: number): Chart {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FAMILY }, ...option });
  // Without its hover styles: a <style> element is refused by the pages' CSP, and prints nothing.
  const svg = chart.renderToSVGString().replace(/<style[\s\S]*?<\/style>/g, "");
  chart.dispose();
  return { svg, width, height };
}

function stackedBars(
  names: string[],
  series: Array<{ name: string; color: string; data: number[] }>,
  width: number,
  labelWidth: number,
): Chart {
  const height = 70 + names.length * 24;
  return render(
    {
      legend: { top: 4, itemWidth: 14, textStyle: { fontSize: 12 } },
      grid: { left: labelWidth, right: 24, top: 34, bottom: 24 },
      xAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 11 } },
      yAxis: { type: "category", inverse: true, data: names, axisLabel: { fontSize: 12 } },
      series: series.map((s) => ({
        type: "bar",
        stack: "all",
        name: s.name,
        data: s.data,
        barWidth: 14,
        itemStyle: { color: s.color },
      })),
    },
    width,
    height,
  );
}

/** Completion by lead unit: done, overdue (red) and the rest of what each leads, most first. */
export function completionChart(units: RollupData["units"], width = 600, max = 30): Chart {
  const shown = units.slice(0, max);
  return stackedBars(
    shown.map((u) => `${short(u.unit, 12)} ${u.completionRate}%`),
    [
      { name: "已完成", color: COLOURS.done, data: shown.map((u) => u.completed) },
      { name: "逾期", color: COLOURS.red, data: shown.map((u) => u.overdue) },
      {
        name: "其他在办",
        color: COLOURS.open,
        data: shown.map((u) => Math.max(0, u.led - u.completed - u.overdue)),
      },
    ],
    width,
    190,
  );
}

/** The lights of each document's tasks (done ones apart), from the measure rows. */
export function lightsByDocument(measures: RollupData["measures"]) {
  const byDoc = new Map<string, { red: number; amber: number; green: number; done: number }>();
  for (const m of measures) {
    const c = byDoc.get(m.document) ?? { red: 0, amber: 0, green: 0, done: 0 };
    if (m.light === "红灯") c.red++;
    else if (m.light === "黄灯") c.amber++;
    else if (m.light === "绿灯") c.green++;
    else c.done++;
    byDoc.set(m.document, c);
  }
  return [...byDoc].map(([document, counts]) => ({ document, ...counts }));
}

export function lightsChart(measures: RollupData["measures"], width = 600, max = 30): Chart {
  const docs = lightsByDocument(measures).slice(0, max);
  return stackedBars(
    docs.map((d) => short(d.document, 14)),
    [
      { name: "红灯", color: COLOURS.red, data: docs.map((d) => d.red) },
      { name: "黄灯", color: COLOURS.amber, data: docs.map((d) => d.amber) },
      { name: "绿灯", color: COLOURS.green, data: docs.map((d) => d.green) },
      { name: "已完成或销号", color: COLOURS.done, data: docs.map((d) => d.done) },
    ],
    width,
    200,
  );
}

export function packCharts(data: RollupData): { completion: Chart; lights: Chart } {
  return { completion: completionChart(data.units), lights: lightsChart(data.measures) };
}

/** The chart as a PNG at twice its size (sharp when printed), or null without a CJK font. */
export function toPng(chart: Chart, fontFile = chartFontFile()): ChartImage | null {
  if (!fontFile) return null;
  const resvg = new Resvg(chart.svg, {
    background: "#ffffff",
    fitTo: { mode: "zoom", value: 2 },
    font: {
      fontFiles: [...latinFont(), fontFile],
      loadSystemFonts: false,
      defaultFontFamily: familyOf(fontFile),
    },
  });
  return { png: resvg.render().asPng(), width: chart.width, height: chart.height };
}

export function chartImages(charts: { completion: Chart; lights: Chart }): ChartImages | null {
  const completion = toPng(charts.completion);
  const lights = toPng(charts.lights);
  return completion && lights ? { completion, lights } : null;
}
