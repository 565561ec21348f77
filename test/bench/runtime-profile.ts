/**
 * One workload, repeated under V8's CPU profiler (the profiler `node --cpu-prof` uses, started through
 * node:inspector so module loading and tsx compilation stay out of the profile, and only after a
 * warm-up repeat). The emulator runs in a child process, so the profile holds only the client.
 * runtime-vs-undici.ts runs this for the runtime and for bare undici and compares the two.
 *
 *   node --import tsx test/bench/runtime-profile.ts <runtime|bare> <get|iterate> <repeats> <records> <n> <out.cpuprofile>
 * Prints {client, workload, ms, cpuMs} on stdout.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { startChild } from './bench-server.ts';
import { bareWorkload, leadIds, runtimeWorkload, type Workload } from './runtime-workloads.ts';

async function run(w: Workload, workload: string, ids: readonly string[]): Promise<void> {
  if (workload === 'get') await w.getMany(ids);
  else await w.iterateAll();
}

async function main(): Promise<void> {
  const [client = 'runtime', workload = 'get', repeatsText = '10', recordsText = '20000', nText = '500', out = 'bench.cpuprofile'] = process.argv.slice(2);
  const server = await startChild(Number(recordsText));
  try {
    const ids = await leadIds(server.url, server.accessToken, Number(nText));
    const w = client === 'runtime' ? runtimeWorkload(server.url, server.accessToken) : bareWorkload(server.url, server.accessToken);
    try {
      await run(w, workload, ids);
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 250 });
      await session.post('Profiler.start');
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < Number(repeatsText); i++) await run(w, workload, ids);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await writeFile(out, JSON.stringify(profile));
      process.stdout.write(`${JSON.stringify({ client, workload, ms, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
    } finally {
      await w.close();
    }
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`runtime-profile: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
