import { Pool } from 'undici';
import { createFeishuSimulator } from '../src/connectors/feishu/simulator/create-feishu-simulator.ts';
import type { BenchResult } from './result.ts';

const CONCURRENCY = 32;
const REQUESTS = 20_000;

/** Measures the Feishu simulator's instance detail read and comment write (requests/s over keep-alive, loopback). */
export async function benchFeishuSimulator(): Promise<BenchResult[]> {
  const sim = createFeishuSimulator({ instances: 100_000, perSecond: 0, perMinute: 0 });
  const server = await sim.start();
  const pool = new Pool(server.url, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const tokenAnswer = await pool.request({
      method: 'POST',
      path: '/open-apis/auth/v3/tenant_access_token/internal',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: sim.options.appId, app_secret: sim.options.appSecret }),
    });
    const token = ((await tokenAnswer.body.json()) as { tenant_access_token: string }).tenant_access_token;
    const store = sim.state.store;
    const codes = store.list({ startMs: 0, endMs: store.anchorMs, offset: 0, limit: 10_000 }).codes;
    const auth = { authorization: `Bearer ${token}` };
    const cold = await measure(pool, (i) => ({
      method: 'GET',
      path: `/open-apis/approval/v4/instances/${codes[i % codes.length]}`,
      headers: auth,
    }));
    const read = await measure(pool, (i) => ({
      method: 'GET',
      path: `/open-apis/approval/v4/instances/${codes[i % 1000]}`,
      headers: auth,
    }));
    const write = await measure(pool, (i) => ({
      method: 'POST',
      path: `/open-apis/approval/v4/instances/${codes[i % 200]}/comments?user_id_type=user_id&user_id=E0001`,
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ content: JSON.stringify({ text: `已生成付款单 FKD${i}`, files: [] }) }),
    }));
    return [
      { name: 'feishu simulator GET instance (1,000 hot codes)', value: Math.round(read), unit: 'req/s' },
      {
        name: 'feishu simulator GET instance (10,000 distinct codes, built on demand)',
        value: Math.round(cold),
        unit: 'req/s',
      },
      { name: 'feishu simulator POST comment', value: Math.round(write), unit: 'req/s' },
    ];
  } finally {
    await pool.close();
    await server.close();
  }
}

type BenchRequest = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };

async function measure(pool: Pool, requestOf: (i: number) => BenchRequest): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const response = await pool.request(requestOf(next++));
      const json = (await response.body.json()) as { code?: number };
      if (json.code !== 0) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failures > 0) throw new Error(`${failures} calls failed during the benchmark`);
  return REQUESTS / ((performance.now() - started) / 1000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchFeishuSimulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
