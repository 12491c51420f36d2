// The DuckDB baseline of the HfIO benchmark: read_parquet over a local glob, every column of every
// row materialized into JavaScript values chunk by chunk (as a user's program would see them).
// Prints one line: DUCKDB-RESULT {"rows":N,"ms":T,"threads":K,"version":"..."}.
import { DuckDBInstance } from '@duckdb/node-api';

const glob = process.argv[2];
if (!glob) {
  console.error('usage: node scan.mjs "<dir>/*.parquet"');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0][0];
const threads = Number(
  (await connection.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
const quoted = glob.replaceAll("'", "''");
const t0 = process.hrtime.bigint();
const result = await connection.stream(`SELECT * FROM read_parquet('${quoted}')`);
let rows = 0;
for (;;) {
  const chunk = await result.fetchChunk();
  if (!chunk || chunk.rowCount === 0) {
    break;
  }
  const values = chunk.getRows();
  rows += values.length;
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log('DUCKDB-RESULT ' + JSON.stringify({ rows, ms, threads, version }));
