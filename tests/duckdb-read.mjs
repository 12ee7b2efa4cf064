// tests/duckdb-read.mjs - reads a CSV file with DuckDB's read_csv, in one
// go and with nothing but its defaults (delimiter, quoting and header
// sniffed), and runs each SQL query given after it on the result, as
// table t. Prints the columns as NAME:TYPE, then each query's rows with
// fields separated by '|'.
// Usage: DUCKDB_NODE_DIR=DIR node tests/duckdb-read.mjs FILE.csv [SQL...]
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = process.env.DUCKDB_NODE_DIR;
const require = createRequire(path.join(path.resolve(dir), 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);
const file = process.argv[2].replaceAll("'", "''");
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file}')`);
const cols = await con.runAndReadAll(
  `SELECT column_name, data_type FROM information_schema.columns
   WHERE table_name = 't' ORDER BY ordinal_position`);
console.log(cols.getRows().map(r => r.join(':')).join(' '));
for (const q of process.argv.slice(3)) {
  const r = await con.runAndReadAll(q);
  for (const row of r.getRows())
    console.log(row.map(v => v === null ? 'NULL' : String(v)).join('|'));
}
