/**
 * What the files end-to-end tests share: the emulator started in its own process (`zcrm-codegen emulator`,
 * as `npm run emulator` starts it) on the demo snapshot, its URL and credentials read from what it prints,
 * and a client generated from the same snapshot into a temp folder. `stop` ends the emulator process it
 * started and removes the folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientOptions } from '../../../templates/runtime/index.ts';
import {
  DEMO_SNAPSHOT,
  demoOptions,
  generateFromSnapshot,
  linkNodeModules,
} from '../../helpers/demo-client.ts';
import { REPO_ROOT } from '../../helpers/type-check.ts';

export interface FilesSetup {
  /** A temp folder for the test's files; the generated client is in `clientDir` under it. */
  readonly dir: string;
  readonly clientDir: string;
  readonly url: string;
  readonly credentials: { clientId: string; clientSecret: string; refreshToken: string };
  /** Options pointing a client at the emulator process. */
  options(): ClientOptions;
  stop(): Promise<void>;
}

export async function startFilesSetup(): Promise<FilesSetup> {
  const dir = await mkdtemp(join(tmpdir(), 'zcrm-e2e-files-'));
  const clientDir = join(dir, 'client');
  let emulator: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (emulator !== undefined && emulator.exitCode === null && emulator.signalCode === null) {
      emulator.kill('SIGTERM');
      await once(emulator, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [printed] = await Promise.all([
      startEmulatorProcess((p) => (emulator = p)),
      generateFromSnapshot({
        snapshot: DEMO_SNAPSHOT,
        org: 'demo',
        outDir: clientDir,
        ...(await demoOptions()),
      }),
    ]);
    await linkNodeModules(clientDir);
    const field = (label: string) => new RegExp(`^${label}: (\\S+)`, 'm').exec(printed)?.[1] ?? '';
    const url = /^listening on (\S+)/m.exec(printed)?.[1] ?? '';
    const credentials = {
      clientId: field('client id'),
      clientSecret: field('client secret'),
      refreshToken: field('refresh token'),
    };
    return {
      dir,
      clientDir,
      url,
      credentials,
      options: () => ({ auth: { ...credentials }, apiDomain: url, accountsUrl: url }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Spawns the emulator command; resolves with what it printed once it is listening. */
async function startEmulatorProcess(started: (p: ChildProcess) => void): Promise<string> {
  const bin = join(REPO_ROOT, 'bin/zcrm-codegen.ts');
  const p = spawn(
    process.execPath,
    ['--import', 'tsx', bin, 'emulator', '--snapshot', DEMO_SNAPSHOT, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started(p);
  let out = '';
  let err = '';
  p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise<string>((resolve, reject) => {
    p.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${err.slice(-2000)}`)));
    p.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      // The last line it prints before serving.
      if (/^admin: /m.test(out)) resolve(out);
    });
  });
}
