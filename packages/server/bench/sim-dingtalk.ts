import type { BenchResult } from './result.ts';
import { benchSimulator } from './simulator-load.ts';

const ok = (json: unknown) => (json as { errcode?: number }).errcode === 0;

/** Measures the DingTalk simulator (child process): legacy instance read (hot and cold ids) and comment write. */
export function benchDingtalkSimulator(): Promise<BenchResult[]> {
  return benchSimulator('dingtalk', async (sim) => {
    const f = sim.fixture as { appKey: string; appSecret: string; ids: string[]; userid: string };
    const answer = await sim.request({
      method: 'GET',
      path: `/gettoken?appkey=${f.appKey}&appsecret=${f.appSecret}`,
    });
    const token = (answer as { access_token: string }).access_token;
    const getPath = `/topapi/processinstance/get?access_token=${token}`;
    return [
      {
        name: 'processinstance/get (1,000 hot ids)',
        ok,
        requestOf: (i) => ({ method: 'POST', path: getPath, body: { process_instance_id: f.ids[i % 1000] } }),
      },
      {
        name: 'processinstance/get (9,000 distinct ids not read before, built on demand)',
        ok,
        warmup: 0,
        count: f.ids.length - 1000,
        requestOf: (i) => ({ method: 'POST', path: getPath, body: { process_instance_id: f.ids[1000 + i] } }),
      },
      {
        name: 'comment/add',
        ok,
        requestOf: (i) => ({
          method: 'POST',
          path: `/topapi/process/instance/comment/add?access_token=${token}`,
          body: {
            request: {
              process_instance_id: f.ids[i % 200],
              text: `已生成付款单 FKD${i}`,
              comment_userid: f.userid,
            },
          },
        }),
      },
    ];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchDingtalkSimulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
