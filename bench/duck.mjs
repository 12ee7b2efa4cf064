// bench/duck.mjs - job J1 in DuckDB (all cores), the same patterns as
// bench/peers.sh. Usage: BENCH_NODE_DIR=DIR node bench/duck.mjs FILE.csv
// DIR is where `make bench-peers` installed @duckdb/node-api.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = process.env.BENCH_NODE_DIR;
const require = createRequire(path.join(path.resolve(dir), 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);
const file = process.argv[2].replaceAll("'", "''");
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const r = await con.runAndReadAll(`
 SELECT substr(fecha_atencion, 7, 4) AS year,
  upper(strip_accents(departamento)) AS departamento,
  CASE WHEN s = '' OR regexp_matches(s, 'PRESENCIAL|EXTERNA') THEN 'unclassified'
       WHEN regexp_matches(s, 'INTERC') THEN 'teleinterconsulta'
       WHEN regexp_matches(s, 'CONSULTA') THEN 'teleconsulta'
       WHEN regexp_matches(s, 'ORIENT|ASESORIA') THEN 'teleorientacion'
       WHEN regexp_matches(s, 'MONIT|TELECRON') THEN 'telemonitoreo'
       WHEN regexp_matches(s, 'TRIAJE') THEN 'teletriaje'
       WHEN regexp_matches(s, 'URGENCIA') THEN 'teleurgencia'
       WHEN regexp_matches(s, 'APOYO|RADIOLOG|MAMOGRAF|EKG') THEN 'teleapoyo_diagnostico'
       WHEN regexp_matches(s, 'CAPACITACI') THEN 'telecapacitacion'
       WHEN regexp_matches(s, 'GESTI') THEN 'telegestion'
       ELSE 'unclassified' END AS category,
  count(*) AS count
 FROM (SELECT *, upper(coalesce(servicio, '')) AS s
       FROM read_csv('${file}', header = true, all_varchar = true))
 GROUP BY ALL ORDER BY ALL`);
process.stdout.write('year\tdepartamento\tcategory\tcount\n' +
  r.getRows().map(x => x.join('\t')).join('\n') + '\n');
