/**
 * One measured generation, run in a child process by generator.ts so each measurement starts from a
 * cold heap and its peak RSS (getrusage ru_maxrss, which counts the prettier worker threads too) is
 * its own. Prints one JSON line on stdout.
 *
 *   node --import tsx test/bench/generator-run.ts <mode> <snapshot.json> <outDir>
 *
 * Modes:
 *   full        the CLI's path: readSnapshot → loadSpec → buildOrgModel → generateClient (augment,
 *               openapi-typescript, ts-morph, prettier, write). `stages` = those four calls.
 *   breakdown   the same work as generateClient, split by stage (augment, openapi.json,
 *               openapi-typescript, ts-morph, prettier on the ts-morph files, write) by calling the
 *               emitters one by one. It mirrors generator/emit/generate-client.ts renderClient as of
 *               2026-11-23 09:02 (types.ts and openapi.json not formatted); if that changes, this
 *               drifts — the `full` figure is the authoritative one.
 *   openapi-ts  openapi-typescript alone on the org's augmented document: openapiTS(doc) + astToString.
 */
import { mkdir } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';
import { readSnapshot } from '../../generator/metadata/snapshot.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { sortKeysDeep } from '../../generator/canonical-json.ts';
import { augmentSpec } from '../../generator/openapi/augment.ts';
import { generateClient } from '../../generator/emit/generate-client.ts';
import { renderTypesFile } from '../../generator/emit/types-file.ts';
import { clientModules, moduleFilePath, renderModuleFile } from '../../generator/emit/module-file.ts';
import { renderClientFile } from '../../generator/emit/client-file.ts';
import { renderIndexFile } from '../../generator/emit/index-file.ts';
import { createEmitProject } from '../../generator/emit/project.ts';
import { formatFiles } from '../../generator/emit/format.ts';
import { writeTree } from '../../generator/emit/write-tree.ts';
import { tsHeader } from '../../generator/emit/header.ts';

const GENERATOR_VERSION = '0.0.0-bench';

export interface RunResult {
  mode: string;
  totalMs: number;
  /** user + system CPU of the process (all threads) over the measured window — less sensitive to a loaded machine than wall time. */
  cpuMs: number;
  /** Stage name → wall ms, in the order run. */
  stages: [string, number][];
  /** Stage name → process CPU ms (all threads) over the same stage. */
  stageCpu: [string, number][];
  maxRssBytes: number;
  /** Characters per output file for the biggest files (breakdown mode). */
  sizes?: [string, number][];
}

const stageCpu: [string, number][] = [];

async function timed<T>(stages: [string, number][], name: string, fn: () => T | Promise<T>): Promise<T> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  stages.push([name, performance.now() - t0]);
  const cpu = process.cpuUsage(cpu0);
  stageCpu.push([name, (cpu.user + cpu.system) / 1000]);
  return value;
}

async function main(): Promise<void> {
  const [mode, snapshotFile, outDir] = process.argv.slice(2);
  if (mode === undefined || snapshotFile === undefined || outDir === undefined) {
    throw new Error('usage: generator-run.ts <full|breakdown|openapi-ts> <snapshot.json> <outDir>');
  }
  const stages: [string, number][] = [];
  let sizes: [string, number][] | undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const snapshot = await timed(stages, 'readSnapshot', () => readSnapshot(snapshotFile));
  const spec = await timed(stages, 'loadSpec', () => loadSpec());
  const model = await timed(stages, 'buildOrgModel', () => buildOrgModel(snapshot, { org: 'bench' }));
  let totalMs: number;
  // CPU over the same window as the wall time (module loading and tsx compilation left out).
  let cpuStart = cpu0;

  if (mode === 'full') {
    await timed(stages, 'generateClient', () => generateClient({ model, spec, outDir, generatorVersion: GENERATOR_VERSION }));
    totalMs = performance.now() - t0;
  } else if (mode === 'breakdown') {
    const header = tsHeader({ generatorVersion: GENERATOR_VERSION, snapshotHash: model.snapshotHash, org: model.org });
    const doc = await timed(stages, 'augmentSpec', () => augmentSpec(spec, model));
    // Printed by their own printers and not formatted (as renderClient does since 09:02 on 2026-11-23).
    const printed = new Map<string, string>();
    await timed(stages, 'openapi.json (sort + stringify)', () => {
      printed.set('openapi.json', `${JSON.stringify(sortKeysDeep(doc), null, 2)}\n`);
    });
    printed.set('types.ts', await timed(stages, 'types.ts (openapi-typescript)', () => renderTypesFile(doc, model, header)));
    const shaped = new Map<string, string>();
    await timed(stages, 'module/client/index files (ts-morph)', () => {
      const project = createEmitProject();
      for (const m of clientModules(model)) shaped.set(moduleFilePath(m), renderModuleFile(project, model, m, header));
      shaped.set('client.ts', renderClientFile(project, model, header));
      shaped.set('index.ts', renderIndexFile(project, model, header));
    });
    const formatted = await timed(stages, `prettier: ${shaped.size} module/client/index files`, () => formatFiles(shaped));
    const all = new Map([...printed, ...formatted]);
    sizes = [...all].map(([k, v]): [string, number] => [k, v.length]).sort((a, b) => b[1] - a[1]).slice(0, 3);
    // The small files renderClient adds (runtime copy, README, package.json, tsconfig) are left out.
    await mkdir(outDir, { recursive: true });
    await timed(stages, 'writeTree (without runtime/README)', () => writeTree(outDir, all));
    totalMs = performance.now() - t0;
  } else if (mode === 'openapi-ts') {
    const doc = augmentSpec(spec, model);
    stages.length = 0;
    stageCpu.length = 0;
    cpuStart = process.cpuUsage();
    const t1 = performance.now();
    const ast = await timed(stages, 'openapiTS', () => openapiTS(doc as unknown as Parameters<typeof openapiTS>[0], { silent: true }));
    const text = await timed(stages, 'astToString', () => astToString(ast));
    sizes = [['types (unformatted)', text.length]];
    totalMs = performance.now() - t1;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  // ru_maxrss is in kilobytes on Linux.
  const cpu = process.cpuUsage(cpuStart);
  const result: RunResult = { mode, totalMs, cpuMs: (cpu.user + cpu.system) / 1000, stages, stageCpu, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  if (sizes !== undefined) result.sizes = sizes;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`generator-run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
