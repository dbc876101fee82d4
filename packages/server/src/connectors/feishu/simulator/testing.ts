import type { RunningSimulator } from '../../simulator-kit/index.ts';
import {
  createFeishuSimulator,
  type FeishuSimulator,
  type FeishuSimulatorOptions,
} from './create-feishu-simulator.ts';

/** A parsed JSON body in tests: loosely typed on purpose (assertions check the shape). */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked by assertions, not types
export type LooseJson = Record<string, any>;

/** A started simulator plus small fetch helpers, for tests and benchmarks over real HTTP. */
export interface FeishuSimHarness {
  sim: FeishuSimulator;
  server: RunningSimulator;
  url: string;
  /** The token call's whole answer. */
  tokenResponse(appSecret?: string): Promise<LooseJson>;
  /** A tenant_access_token. */
  token(): Promise<string>;
  /** Calls a path with `Authorization: Bearer`; returns status, headers and parsed body. */
  call(
    method: 'GET' | 'POST',
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<{ status: number; headers: Headers; body: LooseJson }>;
}

/** Creates and starts a simulator on 127.0.0.1:0. */
export async function startFeishuHarness(options: FeishuSimulatorOptions = {}): Promise<FeishuSimHarness> {
  const sim = createFeishuSimulator(options);
  const server = await sim.start();
  const url = server.url;
  const tokenResponse = async (appSecret = sim.options.appSecret) => {
    const response = await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ app_id: sim.options.appId, app_secret: appSecret }),
    });
    return (await response.json()) as LooseJson;
  };
  return {
    sim,
    server,
    url,
    tokenResponse,
    token: async () => String((await tokenResponse()).tenant_access_token),
    call: async (method, path, token, body) => {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = JSON.stringify(body);
      const response = await fetch(`${url}${path}`, init);
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as LooseJson,
      };
    },
  };
}

/** The listing path of the simulator's approval over a window covering every seeded instance. */
export function listPath(h: FeishuSimHarness, extra: Record<string, string | number> = {}): string {
  const anchor = h.sim.state.store.anchorMs;
  const query = new URLSearchParams({
    approval_code: h.sim.options.approvalCode,
    start_time: String(anchor - 100 * 86_400_000),
    end_time: String(anchor + 1000),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])),
  });
  return `/open-apis/approval/v4/instances?${query}`;
}
