/**
 * `npm run bench`: the runtime benchmark (runtime vs bare undici on the emulator), the runtime's
 * network-free overhead per call (runtime-overhead.ts), then the generator and generated-types benchmark
 * (lean-types.ts: 100 × 200 and 120 × 40 synthetic orgs), one after the other so they do not compete for the
 * CPU. Never part of `npm test`. Options are passed through:
 *
 *   npm run bench -- [--only runtime|generator] [runtime options] [generator options]
 *   (see runtime-vs-undici.ts and generator.ts for theirs)
 *
 * Run it with node's --expose-gc to let the runtime benchmark collect garbage between runs
 * (`node --expose-gc --import tsx test/bench/run-all.ts`); without it the runs are still valid.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseLeanArgs, runLeanBench } from './lean-types.ts';
import { runOverheadBench } from './runtime-overhead.ts';
import { parseRuntimeArgs, runRuntimeBench } from './runtime-vs-undici.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({ args: argv, options: { only: { type: 'string' } }, strict: false, allowPositionals: true });
  const only = values.only === undefined ? undefined : String(values.only);
  if (only !== undefined && only !== 'runtime' && only !== 'generator') throw new Error(`--only must be runtime or generator, got ${only}`);
  // Each parser reads its own options and ignores the others'.
  const runtimeArgv = pick(argv, ['--server', '--rounds', '--warmup', '--n', '--records', '--profile']);
  const generatorArgv = pick(argv, ['--orgs', '--runs', '--before', '--keep']);

  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(
    `zcrm-codegen benchmarks — ${new Date().toISOString()}, node ${process.version}, ${availableParallelism()} cores, load average ${load}` +
      `${typeof (globalThis as { gc?: unknown }).gc === 'function' ? '' : ' (no --expose-gc)'}\n\n`,
  );
  if (only !== 'generator') {
    const runtime = await runRuntimeBench(parseRuntimeArgs(runtimeArgv));
    process.stdout.write(`${runtime.text}\n\n`);
    const overhead = await runOverheadBench({ calls: 5000, rounds: 9, profile: true });
    process.stdout.write(`${overhead.text}\n\n`);
  }
  if (only !== 'runtime') {
    const generator = await runLeanBench(parseLeanArgs(generatorArgv));
    process.stdout.write(`${generator.text}\n`);
  }
  process.stdout.write(`\nload average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
}

/** The given options (and their values) out of argv, in `--name value` or `--name=value` form. */
function pick(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = arg.split('=')[0] as string;
    if (!names.includes(name)) continue;
    out.push(arg);
    const next = argv[i + 1];
    if (!arg.includes('=') && next !== undefined && !next.startsWith('--')) out.push(argv[++i] as string);
  }
  return out;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
