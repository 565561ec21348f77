/** Per-record cost of the page iterator alone (no HTTP): npx tsx test/runtime/perf/iter-cost.ts */
import { paginate, type RecordPage } from '../../../templates/runtime/pagination.ts';

const pages: RecordPage<{ id: string }>[] = Array.from({ length: 100 }, (_, p) => ({
  data: Array.from({ length: 200 }, (_, i) => ({ id: String(p * 200 + i + 1) })),
  info: { more_records: p < 99, next_page_token: `t${p}` },
}));
async function viaIterator(): Promise<number> {
  let n = 0;
  let k = 0;
  for await (const r of paginate(() => Promise.resolve(pages[k++]), { perPage: 200 }))
    if (r.id !== '') n++;
  return n;
}
async function viaLoop(): Promise<number> {
  let n = 0;
  for (let k = 0; k < pages.length; k++) {
    const page = await Promise.resolve(pages[k]);
    for (const r of page?.data ?? []) if (r.id !== '') n++;
  }
  return n;
}
for (let w = 0; w < 20; w++) {
  await viaIterator();
  await viaLoop();
}
let a = 0;
let b = 0;
for (let r = 0; r < 50; r++) {
  let t = performance.now();
  await viaIterator();
  a += performance.now() - t;
  t = performance.now();
  await viaLoop();
  b += performance.now() - t;
}
console.log(`iterator ${(a / 50).toFixed(2)} ms / 20k, plain loop ${(b / 50).toFixed(2)} ms / 20k`);
