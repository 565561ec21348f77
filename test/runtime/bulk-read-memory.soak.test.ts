/**
 * A 200 MB bulk-read result is read by the client with bounded memory (issue #15, item 6). Measured in a
 * child process (bulk-read-memory-child.ts) so no other test's garbage counts: the peak growth of
 * heapUsed + arrayBuffers while every record is read. Reading row by row holds one 64 KB piece and a
 * row at a time (< 64 MB, whatever the file's size); through the client the downloaded zip is held too
 * (the core buffers a response), so that bound is 64 MB plus the zip. The whole-text path held ~650 MB
 * for the same file (test/bench/bulk-read-memory.ts prints both).
 */
import { describe, expect, it } from 'vitest';
import { runMemoryChild, type MemoryPhase } from './helpers/run-memory-child.ts';

const MB = 1024 * 1024;

describe('a 200 MB bulk-read result', () => {
  it('is read record by record with bounded memory', async () => {
    const r = await runMemoryChild(['--mb', '200']);
    const rows = r['rows'] as MemoryPhase;
    const client = r['client'] as MemoryPhase;
    const zipBytes = Number(r['zipBytes']);
    console.log(
      `bulk read memory: csv ${(Number(r['csvBytes']) / MB).toFixed(0)} MB, zip ${(zipBytes / MB).toFixed(1)} MB, ` +
        `rows +${(rows.peakGrowth / MB).toFixed(1)} MB, client +${(client.peakGrowth / MB).toFixed(1)} MB`,
    );
    expect(Number(r['csvBytes'])).toBeGreaterThanOrEqual(200 * MB);
    expect(rows.count).toBe(r['records']);
    expect(client.count).toBe(r['records']);
    expect(rows.peakGrowth).toBeLessThan(64 * MB);
    expect(client.peakGrowth).toBeLessThan(64 * MB + zipBytes);
  }, 300_000);
});
