/**
 * Generating a client the way `zcrm-codegen generate` does (snapshot → model → spec → emit), for the
 * tests that need a real client on disk: golden-demo (compare with the committed one), e2e (drive one
 * against the emulator), and the committed demo client's paths.
 */
import { symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  generateClient,
  readGeneratorPackage,
  type WriteReport,
} from '../../generator/emit/generate-client.ts';
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';
import { readSnapshot } from '../../generator/metadata/snapshot.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { findOrg, readConfig } from '../../generator/config.ts';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { augmentSpec } from '../../generator/openapi/augment.ts';
import { REPO_ROOT } from './type-check.ts';

export const DEMO_DIR = resolve(REPO_ROOT, 'generated/demo');
export const DEMO_SNAPSHOT = join(DEMO_DIR, 'metadata.json');

/** Same steps and inputs as the CLI's `generate` (generator/cli.ts). */
export async function generateFromSnapshot(options: {
  readonly snapshot: Snapshot | string;
  readonly org: string;
  readonly outDir: string;
  readonly dataCenter?: string;
  readonly snapshotFile?: string;
}): Promise<WriteReport> {
  const snapshot =
    typeof options.snapshot === 'string' ? await readSnapshot(options.snapshot) : options.snapshot;
  const model = buildOrgModel(snapshot, { org: options.org });
  const [spec, pkg] = await Promise.all([loadSpec(), readGeneratorPackage()]);
  return generateClient({
    model,
    openapi: augmentSpec(spec, model),
    outDir: options.outDir,
    generatorVersion: pkg.version,
    ...(options.dataCenter === undefined ? {} : { dataCenter: options.dataCenter }),
    ...(options.snapshotFile === undefined ? {} : { snapshotFile: options.snapshotFile }),
  });
}

/**
 * A client generated outside the repository (under os.tmpdir()) resolves `undici` and `@types/node`
 * through a node_modules link, as it would in a consumer project. Call after generating: the writer
 * removes files it did not generate.
 */
export async function linkNodeModules(dir: string): Promise<void> {
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/**
 * What `npm run generate` passes for the demo org besides its snapshot: the data center zcrm.config.yaml
 * gives it and the snapshot's place in the client folder, both shown in the README.
 */
export async function demoOptions(): Promise<{ readonly dataCenter: string; readonly snapshotFile: string }> {
  const demo = findOrg(await readConfig(join(REPO_ROOT, 'zcrm.config.yaml')), 'demo');
  return { dataCenter: demo.dataCenter, snapshotFile: 'metadata.json' };
}
