import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDingtalkSimulator } from '../connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import {
  createK3CloudSimulator,
  DEFAULT_K3CLOUD_CREDENTIALS as K3,
} from '../connectors/kingdee-k3cloud/simulator/create-k3cloud-simulator.ts';
import type { RunningSimulator } from '../connectors/simulator-kit/index.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

/** "测试连接" on the built-in connectors, against their simulators over real HTTP. */
describe('POST /connections/{id}/test with built-in connectors', () => {
  let api: TestApi;
  const servers: RunningSimulator[] = [];
  const dingtalk = createDingtalkSimulator();
  const k3cloud = createK3CloudSimulator();

  const connection = (id: string, connector: string, config: object, secrets: object) =>
    api.call('PUT', `/api/v1/connections/${id}`, {
      body: { schemaVersion: 1, kind: 'connection', id, connector, config, secrets },
    });
  const test = (id: string) => api.call('POST', `/api/v1/connections/${id}/test`);

  beforeAll(async () => {
    servers.push(await dingtalk.start(), await k3cloud.start());
    api = await createTestApi();
    const [dingtalkUrl, k3Url] = servers.map((s) => s.url);
    const { appKey, appSecret } = dingtalk.options;
    const k3Config = { baseUrl: `${k3Url}/K3Cloud/`, acctId: K3.acctId, username: K3.username, lcid: 2052 };
    for (const created of [
      await connection(
        'dt',
        'dingtalk',
        { baseUrl: dingtalkUrl, processCode: 'PROC-1' },
        { appKey, appSecret },
      ),
      await connection('dtBad', 'dingtalk', { baseUrl: dingtalkUrl }, { appKey, appSecret: 'wrong' }),
      await connection('k3', 'kingdee-k3cloud', k3Config, { password: K3.password }),
      await connection('k3Bad', 'kingdee-k3cloud', k3Config, { password: 'wrong' }),
      await connection('robot', 'dingtalk-robot', { baseUrl: dingtalkUrl }, { accessToken: 'abc' }),
    ])
      expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('fetches a fresh token or session: DingTalk and K3Cloud work with the right secrets', async () => {
    for (const id of ['dt', 'k3']) {
      const result = await test(id);
      expect([id, result.status, result.body]).toMatchObject([
        id,
        200,
        { ok: true, operation: 'credentials', status: 200, error: null },
      ]);
    }
  });

  it('reports wrong secrets as a failed test with the system answer', async () => {
    for (const id of ['dtBad', 'k3Bad']) {
      const result = await test(id);
      expect([id, result.status, result.body.ok, result.body.error?.code]).toEqual([
        id,
        200,
        false,
        'CONNECTOR_AUTH_FAILED',
      ]);
      expect(result.text).not.toContain('wrong');
    }
  });

  it('says why a robot cannot be tested instead of sending a message', async () => {
    const result = await test('robot');
    expect(result.status).toBe(400);
    expect(result.body.message).toContain('没有不产生副作用的测试接口');
    expect(dingtalk.robot.messages).toHaveLength(0);
  });
});
