import { Pool } from 'undici';
import { createDingtalkSimulator } from '../src/connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import type { BenchResult } from './result.ts';

const CONCURRENCY = 32;
const REQUESTS = 20_000;
const DAY = 86_400_000;

/** Measures the DingTalk simulator's legacy instance read and comment write (requests/s over keep-alive, loopback). */
export async function benchDingtalkSimulator(): Promise<BenchResult[]> {
  const sim = createDingtalkSimulator({ instances: 100_000, qpsLimit: 0 });
  const server = await sim.start();
  const pool = new Pool(server.url, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const tokenBody = await (
      await pool.request({
        method: 'GET',
        path: `/gettoken?appkey=${sim.options.appKey}&appsecret=${sim.options.appSecret}`,
      })
    ).body.json();
    const token = (tokenBody as { access_token: string }).access_token;
    const anchor = sim.state.store.anchorMs;
    const ids = sim.state.store.list({
      startMs: anchor - 90 * DAY,
      endMs: anchor,
      offset: 0,
      limit: 10_000,
    }).ids;
    const userid = sim.state.store.get(ids[0] as string)?.originator.userid ?? '';
    const getPath = `/topapi/processinstance/get?access_token=${token}`;
    const cold = await measure(pool, (i) => ({
      path: getPath,
      body: { process_instance_id: ids[i % ids.length] },
    }));
    const read = await measure(pool, (i) => ({
      path: getPath,
      body: { process_instance_id: ids[i % 1000] },
    }));
    const write = await measure(pool, (i) => ({
      path: `/topapi/process/instance/comment/add?access_token=${token}`,
      body: {
        request: { process_instance_id: ids[i % 200], text: `已生成付款单 FKD${i}`, comment_userid: userid },
      },
    }));
    return [
      {
        name: 'dingtalk simulator processinstance/get (1,000 hot ids)',
        value: Math.round(read),
        unit: 'req/s',
      },
      {
        name: 'dingtalk simulator processinstance/get (10,000 distinct ids, built on demand)',
        value: Math.round(cold),
        unit: 'req/s',
      },
      { name: 'dingtalk simulator comment/add', value: Math.round(write), unit: 'req/s' },
    ];
  } finally {
    await pool.close();
    await server.close();
  }
}

async function measure(
  pool: Pool,
  requestOf: (i: number) => { path: string; body: unknown },
): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const { path, body } = requestOf(next++);
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await response.body.json()) as { errcode?: number };
      if (json.errcode !== 0) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failures > 0) throw new Error(`${failures} calls failed during the benchmark`);
  return REQUESTS / ((performance.now() - started) / 1000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchDingtalkSimulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
