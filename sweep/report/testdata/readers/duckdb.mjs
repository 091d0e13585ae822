// Runs the SQL statements of a file (each ending with ';' at the end of a
// line) in an in-memory DuckDB, in the current folder, and prints the rows
// of each statement that returns any as CSV (a header, then the rows; a
// blank line between statements). The reader test of sweep/report runs the
// DuckDB examples of docs/analysis.md with it.
import { readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";

const sql = readFileSync(process.argv[2], "utf8");
const statements = sql.split(/;[ \t]*(?:\r?\n|$)/).map((s) => s.trim()).filter((s) => s.replace(/--.*$/gm, "").trim() !== "");
const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
const cell = (v) => {
  if (v === null || v === undefined) return "NA";
  const s = typeof v === "bigint" ? v.toString() : typeof v === "number" ? String(v) : String(v);
  return /[",\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
};
let first = true;
for (const st of statements) {
  const reader = await con.runAndReadAll(st);
  const names = reader.columnNames();
  if (names.length === 0) continue;
  if (!first) process.stdout.write("\n");
  first = false;
  const lines = [names.map(cell).join(",")];
  for (const row of reader.getRows()) lines.push(row.map(cell).join(","));
  process.stdout.write(lines.join("\n") + "\n");
}
