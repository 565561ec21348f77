/**
 * Memory of reading a large bulk-read result (issue #15, item 6): the peak growth of heapUsed +
 * arrayBuffers, in a child process, reading every record row by row (zipCsvRecords; through the client,
 * iterateReadResult, which also holds the downloaded zip) against the whole-text API (downloadReadResult).
 *
 *   npx tsx test/bench/bulk-read-memory.ts [--mb 200]
 */
import { parseArgs } from 'node:util';
import { runMemoryChild } from '../runtime/helpers/run-memory-child.ts';

const { values } = parseArgs({ options: { mb: { type: 'string' } } });
const mb = values.mb ?? '200';
const started = Date.now();
const r = await runMemoryChild(['--mb', mb, '--whole']);
const MB = 1024 * 1024;
const phase = (k: string): string =>
  `+${((r[k] as { peakGrowth: number }).peakGrowth / MB).toFixed(1)} MB`;
console.log(
  `bulk-read result: CSV ${(Number(r['csvBytes']) / MB).toFixed(0)} MB, zip ${(Number(r['zipBytes']) / MB).toFixed(1)} MB, ${String(r['records'])} records (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
console.table({
  'zipCsvRecords (zip in memory)': { 'peak growth': phase('rows') },
  'iterateReadResult (download + rows)': { 'peak growth': phase('client') },
  'downloadReadResult (whole text)': { 'peak growth': phase('whole') },
});
