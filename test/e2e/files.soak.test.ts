/**
 * A 20 MB attachment, end to end, with bounded client memory (issue #13): attached from a path and
 * downloaded to a file by a generated client running in a process of its own
 * (helpers/files-memory-child.ts), against the emulator in another (helpers/files-setup.ts), so that only
 * the client's memory is measured. Its peak growth of heapUsed + arrayBuffers, with a GC before each sample
 * (live bytes) and sampled on a timer and at every MB undici sends or receives, must stay under 5 MB each
 * way; reading the same download into one Buffer — the control — must show the whole file, so the probe is
 * known to see buffering. (Checked by hand too: a runtime that buffered the download, or read the upload's
 * file whole, fails this test at ~20 MB.) The bound is on live bytes, not time or GC timing: a loaded
 * machine slows the test but cannot change its verdict. The child runs with
 * --no-concurrent-array-buffer-sweeping so a GC has freed what it collected before the sample is read.
 * The raw figures (no forced GC: chunks let go of still count until V8 collects them) are printed too.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFilesSetup, type FilesSetup } from './helpers/files-setup.ts';

const MB = 1024 * 1024;
const CHILD = fileURLToPath(new URL('./helpers/files-memory-child.ts', import.meta.url));

interface Phase {
  peakGrowth: number;
  rawPeakGrowth: number;
  peakRssGrowth: number;
  samples: number;
  ms: number;
  liveAt: { heap: number; arrayBuffers: number };
}

let setup: FilesSetup;
beforeAll(async () => {
  setup = await startFilesSetup();
}, 120_000);
afterAll(async () => {
  await setup?.stop();
});

describe('a 20 MB attachment through a generated client', () => {
  it('is attached and downloaded with the client growing by less than 5 MB', async () => {
    const file = join(setup.dir, 'big.bin');
    const warm = join(setup.dir, 'warm.bin');
    // Written a megabyte at a time: the test runner does not hold 20 MB either.
    const w = createWriteStream(file);
    for (let i = 0; i < 20; i++) if (!w.write(randomBytes(MB))) await once(w, 'drain');
    w.end();
    await once(w, 'finish');
    await writeFile(warm, randomBytes(MB));

    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--no-concurrent-array-buffer-sweeping',
        '--import',
        'tsx',
        CHILD,
        join(setup.clientDir, 'index.js'),
        setup.url,
        file,
        warm,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          EMU_CLIENT_ID: setup.credentials.clientId,
          EMU_CLIENT_SECRET: setup.credentials.clientSecret,
          EMU_REFRESH_TOKEN: setup.credentials.refreshToken,
        },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, err.slice(-3000)).toBe(0);
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      bytes: number;
      downloadedBytes: number;
      sourceHash: string;
      downloadedHash: string;
      downloadedName: string;
      attach: Phase;
      download: Phase;
      buffered: Phase;
    };
    const mb = (n: number) => `${(n / MB).toFixed(2)} MB`;
    const line = (name: string, p: Phase) =>
      `${name}: live ${mb(p.peakGrowth)} (${p.samples} samples), raw ${mb(p.rawPeakGrowth)}, rss ${mb(p.peakRssGrowth)}, ${p.ms} ms`;
    console.log(
      `20 MB attachment, client memory growth — ${line('attach', r.attach)}; ${line('download', r.download)}; ${line('buffered control', r.buffered)}`,
    );
    expect(r.bytes).toBe(20 * MB);
    expect(r.downloadedBytes).toBe(20 * MB);
    expect(r.downloadedHash).toBe(r.sourceHash);
    expect(r.downloadedName).toBe('big.bin');
    expect(r.attach.samples).toBeGreaterThanOrEqual(20);
    expect(r.download.samples).toBeGreaterThanOrEqual(20);
    expect(r.attach.peakGrowth).toBeLessThan(5 * MB);
    expect(r.download.peakGrowth).toBeLessThan(5 * MB);
    // The probe sees buffering when there is some: reading the download whole holds the whole file.
    expect(r.buffered.peakGrowth).toBeGreaterThan(19 * MB);
  }, 300_000);
});
