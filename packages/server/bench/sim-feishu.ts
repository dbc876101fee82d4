import type { BenchResult } from './result.ts';
import { benchSimulator } from './simulator-load.ts';

const ok = (json: unknown) => (json as { code?: number }).code === 0;

/** Measures the Feishu simulator (child process): instance detail read (hot and cold codes) and comment write. */
export function benchFeishuSimulator(): Promise<BenchResult[]> {
  return benchSimulator('feishu', async (sim) => {
    const f = sim.fixture as { appId: string; appSecret: string; codes: string[] };
    const answer = await sim.request({
      method: 'POST',
      path: '/open-apis/auth/v3/tenant_access_token/internal',
      body: { app_id: f.appId, app_secret: f.appSecret },
    });
    const auth = {
      authorization: `Bearer ${(answer as { tenant_access_token: string }).tenant_access_token}`,
    };
    const get = (code: string | undefined) => ({
      method: 'GET' as const,
      path: `/open-apis/approval/v4/instances/${code}`,
      headers: auth,
    });
    return [
      { name: 'GET instance (1,000 hot codes)', ok, requestOf: (i) => get(f.codes[i % 1000]) },
      {
        name: 'GET instance (9,000 distinct codes not read before, built on demand)',
        ok,
        warmup: 0,
        count: f.codes.length - 1000,
        requestOf: (i) => get(f.codes[1000 + i]),
      },
      {
        name: 'POST comment',
        ok,
        requestOf: (i) => ({
          method: 'POST',
          path: `/open-apis/approval/v4/instances/${f.codes[i % 200]}/comments?user_id_type=user_id&user_id=E0001`,
          headers: auth,
          body: { content: JSON.stringify({ text: `已生成付款单 FKD${i}`, files: [] }) },
        }),
      },
    ];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchFeishuSimulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
