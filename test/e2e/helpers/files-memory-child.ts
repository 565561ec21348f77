/**
 * The client side of the 20 MB attachment test (test/e2e/files.test.ts), in a process of its own so that
 * only the client's memory is measured: the emulator runs in another process, the test runner in a third.
 * Drives a generated client (its index.js, as a user would import it) against the emulator:
 *   warm-up: a 1 MB attach and download, so the code paths are compiled before measuring;
 *   "attach":   attachmentsOf(lead).upload(path) of the file;
 *   "download": attachmentsOf(lead).download(id), piped to a file;
 *   "buffered": the same download read whole into one Buffer — the control, which must show the file's size
 *               (proof that the probe sees buffering when there is some).
 * Each phase runs twice (see `measure`): peak growth of heapUsed + arrayBuffers over a baseline taken after a
 * GC, sampled on a timer and as bytes move (measureOnce) — raw, and live (a GC before each sample). RSS is
 * reported.
 * Prints one JSON line.
 *
 * Usage: node --expose-gc --import tsx files-memory-child.ts <client index.js> <emulator url> <file> <mb>
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import diagnostics from 'node:diagnostics_channel';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import type {
  ClientOptions,
  FileDownload,
  RecordAttachments,
} from '../../../templates/runtime/index.ts';

interface Lead {
  create(records: { Last_Name: string }[]): Promise<({ ok: true; id: string } | { ok: false })[]>;
  attachmentsOf(id: string): RecordAttachments;
}
interface ClientModule {
  createClient(options: ClientOptions): { leads: Lead; close(): Promise<void> };
}

const [indexJs, url, file, warmFile] = process.argv.slice(2);
if (indexJs === undefined || url === undefined || file === undefined || warmFile === undefined)
  throw new Error(
    'usage: files-memory-child.ts <client index.js> <emulator url> <file> <warm-up file>',
  );
const gc = (
  globalThis as { gc?: (options?: { type: 'minor' | 'major'; execution: 'sync' }) => void }
).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const { createClient } = (await import(pathToFileURL(indexJs).href)) as ClientModule;
const crm = createClient({
  auth: {
    clientId: process.env['EMU_CLIENT_ID'] ?? '',
    clientSecret: process.env['EMU_CLIENT_SECRET'] ?? '',
    refreshToken: process.env['EMU_REFRESH_TOKEN'] ?? '',
  },
  apiDomain: url,
  accountsUrl: url,
});

const MB = 1024 * 1024;
const held = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
interface Phase {
  /** Peak growth of live memory: each sample taken right after a GC, so only what is still held counts. */
  peakGrowth: number;
  /** Peak growth as sampled without forcing a GC: live memory plus chunks already let go of. */
  rawPeakGrowth: number;
  peakRssGrowth: number;
  samples: number;
  ms: number;
  /** heapUsed and arrayBuffers growth at the live peak. */
  liveAt: { heap: number; arrayBuffers: number };
}

/**
 * Runs `run` twice: once sampling memory as it is (raw: garbage chunks count until V8 collects them), once
 * collecting garbage before each sample (live: what the client holds). Buffering shows in both; streaming
 * keeps the live figure near zero however large the file.
 */
async function measure(run: (sample: (bytes?: number) => void) => Promise<void>): Promise<Phase> {
  const raw = await measureOnce(run, false);
  const live = await measureOnce(run, true);
  return {
    peakGrowth: live.peak,
    rawPeakGrowth: raw.peak,
    peakRssGrowth: raw.peakRss,
    samples: live.samples,
    ms: raw.ms,
    liveAt: live.at,
  };
}

/**
 * Samples are taken on a timer and as bytes move: every 1 MB undici sends or receives (its diagnostics
 * channels `undici:request:bodyChunkSent` / `bodyChunkReceived`, whatever the client does with the bytes)
 * and every 1 MB the consumer reads, so a transfer faster than the timer is still sampled all along.
 */
async function measureOnce(
  run: (sample: (bytes?: number) => void) => Promise<void>,
  collect: boolean,
): Promise<{
  peak: number;
  peakRss: number;
  samples: number;
  ms: number;
  at: { heap: number; arrayBuffers: number };
}> {
  gc?.();
  gc?.();
  let low = held();
  const baseRss = process.memoryUsage.rss();
  const baseHeap = process.memoryUsage().heapUsed;
  const baseAb = process.memoryUsage().arrayBuffers;
  let at = { heap: 0, arrayBuffers: 0 };
  let peak = 0;
  let peakRss = 0;
  let samples = 0;
  const take = (): void => {
    // A full GC before each live sample (a scavenge alone leaves promoted chunks that are garbage too).
    if (collect) gc?.();
    samples++;
    // Growth over the lowest level seen so far, not over the baseline alone: what an earlier phase left
    // behind and this one frees must not hide what this one then holds.
    const level = held();
    low = Math.min(low, level);
    if (level - low > peak) {
      const m = process.memoryUsage();
      at = { heap: m.heapUsed - baseHeap, arrayBuffers: m.arrayBuffers - baseAb };
    }
    peak = Math.max(peak, level - low);
    peakRss = Math.max(peakRss, process.memoryUsage.rss() - baseRss);
  };
  // Raw samples on every chunk; live ones (a GC each) once per MB moved.
  let moved = 0;
  const sample = (bytes?: number): void => {
    if (bytes === undefined || !collect) return take();
    const before = Math.floor(moved / MB);
    moved += bytes;
    if (Math.floor(moved / MB) > before) take();
  };
  const onChunk = (message: unknown): void => {
    const chunk = (message as { chunk?: { length?: number } }).chunk;
    sample(typeof chunk?.length === 'number' ? chunk.length : 0);
  };
  diagnostics.subscribe('undici:request:bodyChunkSent', onChunk);
  diagnostics.subscribe('undici:request:bodyChunkReceived', onChunk);
  const started = Date.now();
  const timer = setInterval(take, collect ? 10 : 2);
  try {
    await run(sample);
  } finally {
    clearInterval(timer);
    diagnostics.unsubscribe('undici:request:bodyChunkSent', onChunk);
    diagnostics.unsubscribe('undici:request:bodyChunkReceived', onChunk);
  }
  take();
  return { peak, peakRss, samples, ms: Date.now() - started, at };
}

/** Passes chunks through, sampling memory on each and hashing them. */
function probe(sample: (bytes?: number) => void, hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      sample(chunk.length);
      done(null, chunk);
    },
  });
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

async function download(
  d: FileDownload,
  to: string,
  sample: (bytes?: number) => void,
): Promise<string> {
  const h = createHash('sha256');
  await pipeline(d.stream, probe(sample, h), createWriteStream(to));
  return h.digest('hex');
}

const [lead] = await crm.leads.create([{ Last_Name: 'Big attachment' }]);
if (lead === undefined || !lead.ok) throw new Error('could not create the lead');
const att = crm.leads.attachmentsOf(lead.id);

// Warm-up: the same calls on a small file.
const warm = await att.upload(warmFile);
await download(await att.download(warm.id), `${warmFile}.down`, () => undefined);

let uploadedId = '';
const attach = await measure(async () => {
  uploadedId = (await att.upload(file)).id;
});
let downloadedName: string | undefined;
let downloadedHash = '';
const out = `${file}.down`;
const downloadPhase = await measure(async (sample) => {
  const d = await att.download(uploadedId);
  downloadedName = d.fileName;
  downloadedHash = await download(d, out, sample);
});
const buffered = await measure(async (sample) => {
  const d = await att.download(uploadedId);
  const chunks: Buffer[] = [];
  for await (const c of d.stream) {
    chunks.push(c as Buffer);
    sample((c as Buffer).length);
  }
  const whole = Buffer.concat(chunks);
  sample(); // while the whole file is held
  if (whole.length === 0) throw new Error('empty download');
});

const result = {
  bytes: (await stat(file)).size,
  downloadedBytes: (await stat(out)).size,
  sourceHash: await sha256(file),
  downloadedHash,
  downloadedName,
  attach,
  download: downloadPhase,
  buffered,
};
await rm(out, { force: true });
await rm(`${warmFile}.down`, { force: true });
await crm.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
