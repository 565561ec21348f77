/**
 * Measures the memory a large bulk-read result costs the client (issue #15, item 6), in a process of its
 * own so nothing else's garbage counts. Builds a zip holding a CSV of `--mb` MiB, then reads it:
 *   phase "rows":   zipCsvRecords over the zip already in memory (the unzip + CSV work alone);
 *   phase "client": BulkResource.iterateReadResult through ZohoCore from a loopback server (the download
 *                   included: the core buffers the zip, so that phase also holds the compressed bytes);
 *   phase "whole":  (--whole) the whole-text API, downloadReadResult, for comparison.
 * Prints one JSON line: sizes, records seen, and per phase the peak growth of heapUsed + arrayBuffers
 * over a baseline taken after a GC.
 *
 * Usage: node --expose-gc --import tsx test/runtime/helpers/bulk-read-memory-child.ts [--mb 200] [--whole]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { ZohoCore } from '../../../templates/runtime/core.ts';
import { BulkResource } from '../../../templates/runtime/resources/bulk.ts';
import { zipCsvRecords } from '../../../templates/runtime/unzip.ts';
import { bigZip } from '../../helpers/big-zip.ts';

const { values } = parseArgs({ options: { mb: { type: 'string' }, whole: { type: 'boolean' } } });
const targetBytes = Number(values.mb ?? 200) * 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const HEADER = 'Id,Last_Name,Email,Lead_Status,Created_Time,Description\r\n';
function row(i: number): string {
  return `"${4150868000000000 + i}","Smith ${i}","lead${i}@example.com","${i % 3 === 0 ? 'Contacted' : 'Not Contacted'}","2024-0${1 + (i % 9)}-1${i % 10}T10:${String(i % 60).padStart(2, '0')}:00+05:30","Row ${i} of a large bulk read, with a line\r\nbreak and ""quotes"""\r\n`;
}
let csvBytes = 0;
let records = 0;
function* csv(): Generator<Uint8Array> {
  const enc = new TextEncoder();
  let piece = HEADER;
  let i = 0;
  while (csvBytes < targetBytes) {
    piece += row(i++);
    if (piece.length >= 1 << 20) {
      const b = enc.encode(piece);
      csvBytes += b.length;
      yield b;
      piece = '';
    }
  }
  if (piece !== '') {
    const b = enc.encode(piece);
    csvBytes += b.length;
    yield b;
  }
  records = i;
}
const zip = await bigZip('554023000000568002.csv', csv());

const held = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
async function measure(
  run: (sample: () => void) => Promise<number>,
): Promise<{ peakGrowth: number; count: number }> {
  gc?.();
  gc?.();
  const base = held();
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, held() - base);
  };
  const timer = setInterval(sample, 5);
  const count = await run(sample);
  clearInterval(timer);
  sample();
  return { peakGrowth: peak, count };
}

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
  res.end(zip);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const core = new ZohoCore({
  auth: { accessToken: `1000.${'a'.repeat(32)}.${'b'.repeat(32)}` },
  apiDomain: url,
});
const bulk = new BulkResource(core);

const result: Record<string, unknown> = { csvBytes, zipBytes: zip.length, records };
result['rows'] = await measure(async (sample) => {
  let n = 0;
  for await (const r of zipCsvRecords(zip)) {
    if (++n % 20_000 === 0) sample();
    if (r['Id'] === undefined) throw new Error('a record without Id');
  }
  return n;
});
result['client'] = await measure(async (sample) => {
  let n = 0;
  for await (const r of bulk.iterateReadResult('554023000000568002')) {
    if (++n % 20_000 === 0) sample();
    if (r['Id'] === undefined) throw new Error('a record without Id');
  }
  return n;
});
if (values.whole === true)
  result['whole'] = await measure(
    async () => (await bulk.downloadReadResult('554023000000568002')).length,
  );
await core.close();
server.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
