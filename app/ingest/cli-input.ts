// What the two command lines that read a document (`npm run parse`, `npm run import`) take from
// their arguments, read the same way so that a file and a column spec given to one mean the same
// to the other. Each returns the reason as a string instead of exiting: the caller says who failed.
import { readFile } from "node:fs/promises";
import { COLUMN_ROLES, type ColumnRole } from "./ledger";

export type ColumnSpec = Partial<Record<ColumnRole, number | null>>;

/** task=1,lead=3,co=- : column numbers from 1 as a person counts them; - removes a role. */
export function parseColumnSpec(spec: string): ColumnSpec | string {
  const out: ColumnSpec = {};
  for (const pair of spec.split(",").filter(Boolean)) {
    const [role, value] = pair.split("=");
    if (!COLUMN_ROLES.includes(role as ColumnRole))
      return `unknown column role ${role} (${COLUMN_ROLES.join(", ")})`;
    const n = Number(value);
    if (value === "-") out[role as ColumnRole] = null;
    else if (Number.isInteger(n) && n >= 1) out[role as ColumnRole] = n - 1;
    else return `column of ${role} must be a number from 1, or -`;
  }
  return out;
}

/** The file's bytes, or why they cannot be read. */
export async function readInputFile(file: string): Promise<Buffer | string> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return `${file}: no such file`;
    if (code === "EISDIR") return `${file}: is a directory`;
    return `${file}: cannot read (${code ?? String(error)})`;
  }
}
