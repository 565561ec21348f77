/**
 * One measured generation, in a child process of lean-types.ts so each measurement starts from a cold heap
 * and its peak RSS (getrusage ru_maxrss) is its own. Prints one JSON line on stdout.
 *
 *   node --import tsx test/bench/generator-run.ts <mode> <snapshot.json> <outDir>
 *
 * Modes:
 *   full   the CLI's path in-process: readSnapshot → buildOrgModel → loadBundledSpec → augmentSpec → (load the emit
 *          stage) → generateClient. `stages` are those calls and the module loading.
 *   deps   only loads what `generate` loads (the generator's modules and their dependencies): the cost
 *          a generation pays before it does anything, printed beside `full`.
 */
const GENERATOR_VERSION = '0.0.0-bench';

export interface RunResult {
  mode: string;
  totalMs: number;
  /** user + system CPU of the process over the measured window. */
  cpuMs: number;
  stages: [string, number][];
  maxRssBytes: number;
}

async function timed<T>(stages: [string, number][], name: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const value = await fn();
  stages.push([name, performance.now() - t0]);
  return value;
}

async function main(): Promise<void> {
  const [mode, snapshotFile, outDir] = process.argv.slice(2);
  if ((mode !== 'full' && mode !== 'deps') || snapshotFile === undefined || outDir === undefined) {
    throw new Error('usage: generator-run.ts full|deps <snapshot.json> <outDir>');
  }
  const stages: [string, number][] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const modules = await timed(stages, 'load generator modules', async () => {
    const [snapshot, model, augment, spec] = await Promise.all([
      import('../../generator/metadata/snapshot.ts'),
      import('../../generator/model/build-org-model.ts'),
      import('../../generator/openapi/augment.ts'),
      import('../../generator/openapi/bundled-spec.ts'),
    ]);
    return { snapshot, model, augment, spec };
  });
  // The emit stage (ts-morph, TypeScript) is loaded as the CLI's generate loads it: in `deps` with the rest,
  // in `full` once the snapshot has been read and let go.
  const loadEmit = async () => {
    const emit = await import('../../generator/emit/generate-client.ts');
    await import('ts-morph');
    return emit;
  };
  if (mode === 'deps') await timed(stages, 'load emit modules', loadEmit);
  if (mode === 'full') {
    // The snapshot is let go once the model is built, as the CLI's generate does (it is most of the heap).
    const model = await modelOf(stages, modules, snapshotFile);
    const doc = await timed(stages, 'loadBundledSpec', () => modules.spec.loadBundledSpec());
    const openapi = await timed(stages, 'augmentSpec', () => modules.augment.augmentSpec(doc, model));
    const emit = await timed(stages, 'load emit modules', loadEmit);
    await timed(stages, 'generateClient', () => emit.generateClient({ model, openapi, outDir, generatorVersion: GENERATOR_VERSION }));
  }
  const cpu = process.cpuUsage(cpu0);
  const result: RunResult = {
    mode,
    totalMs: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stages,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** readSnapshot then buildOrgModel, timed apart; only the model outlives this call. */
async function modelOf(
  stages: [string, number][],
  modules: { snapshot: typeof import('../../generator/metadata/snapshot.ts'); model: typeof import('../../generator/model/build-org-model.ts') },
  snapshotFile: string,
) {
  const snap = await timed(stages, 'readSnapshot', () => modules.snapshot.readSnapshot(snapshotFile));
  return timed(stages, 'buildOrgModel', () => modules.model.buildOrgModel(snap, { org: 'bench' }));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
