/** Runs bulk-read-memory-child.ts with `args`; its JSON report. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./bulk-read-memory-child.ts', import.meta.url));
export interface MemoryPhase {
  peakGrowth: number;
  count: number;
}

export function runMemoryChild(args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 240_000);
    p.once('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || last === '')
        reject(new Error(`memory child exited ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(last) as Record<string, unknown>);
    });
  });
}
