// Units in the order people look for them: by the pinyin of their names, as a Chinese index or
// dictionary sorts (pinyin-pro, which reads polyphonic characters in their words: 乐山 lè shān,
// 银行 yín háng — the per-character pinyin of ICU's "zh" collation does not). The directory's own
// order (seeds/units.json) is the order units were typed in, not a protocol order (政府序列)
// anyone recognises, so it is not used. Pure; a name's key is worked out once per process.
import { pinyin } from "pinyin-pro";

const keys = new Map<string, string>();

/** The sort key of a name: its syllables with tone numbers (shang1 wu4 ting1). */
export function unitSortKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = pinyin(name, { toneType: "num", separator: " ", nonZh: "consecutive", v: true });
    if (keys.size > 100_000) keys.clear();
    keys.set(name, key);
  }
  return key;
}

/** Compares two unit names by pinyin, then by code point (so that the order is total). */
export function compareUnitNames(a: string, b: string): number {
  const ka = unitSortKey(a);
  const kb = unitSortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortUnitsByName<T extends { name: string }>(units: T[]): T[] {
  return units.sort((a, b) => compareUnitNames(a.name, b.name));
}
