/**
 * Cold start of the installed CLI (issue 16: `zcrm-codegen --help` ≤ 0.3 s, `generate --help` ≤ 0.5 s on
 * this machine), each next to `node -e 0` — the floor no Node CLI goes below — measured in turn, whole
 * processes, wall clock, median of N with the spread. Runs the compiled bin (dist/, built first when
 * missing), as a user's `npx zcrm-codegen` does. Never part of `npm test`; prints, asserts nothing.
 *
 *   npx tsx test/bench/cli-startup.ts [--runs N]
 *
 * For figures from outside the process, farm-bench gives the same comparison:
 *   farm-bench -n 20 --vs 'node -e 0' -- node dist/bin/zcrm-codegen.js --help
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, summarize, table } from './stats.ts';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = resolve(REPO, 'dist/bin/zcrm-codegen.js');

function timeOnce(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return ms;
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
  const runs = Number(values.runs);
  if (!existsSync(BIN)) spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'zcrm-codegen --help', args: [BIN, '--help'], target: 300 },
    { name: 'zcrm-codegen generate --help', args: [BIN, 'generate', '--help'], target: 500 },
    { name: 'zcrm-codegen --version', args: [BIN, '--version'] },
  ];
  const times = cases.map(() => [] as number[]);
  for (const c of cases) timeOnce(c.args); // warm the file cache
  // In turn (A B C A B C …), so a drift in the machine's speed touches every case alike.
  for (let i = 0; i < runs; i++) cases.forEach((c, j) => times[j]!.push(timeOnce(c.args)));
  const rows = cases.map((c, j) => {
    const s = summarize(times[j]!);
    return [
      c.name,
      describe(s),
      c.target === undefined ? '' : `≤ ${c.target} ms: ${s.median <= c.target ? 'met' : 'MISSED'}`,
    ];
  });
  process.stdout.write(
    `CLI cold start, wall clock, ${runs} runs each (median, spread)\n${table([['command', 'time', 'target'], ...rows])}\n`,
  );
}

main();
