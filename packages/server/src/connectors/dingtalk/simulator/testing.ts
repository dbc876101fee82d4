import type { RunningSimulator } from '../../simulator-kit/index.ts';
import {
  createDingtalkSimulator,
  type DingtalkSimulator,
  type DingtalkSimulatorOptions,
} from './create-dingtalk-simulator.ts';

/** A started simulator plus tiny fetch helpers, for tests and benchmarks that drive it over real HTTP. */
export interface SimulatorHarness {
  sim: DingtalkSimulator;
  server: RunningSimulator;
  url: string;
  /** A fresh legacy token from GET /gettoken. */
  legacyToken(): Promise<string>;
  /** A fresh v1.0 token from POST /v1.0/oauth2/accessToken. */
  v1Token(): Promise<string>;
  /** POSTs JSON to a legacy path with `?access_token=`; returns status and parsed body. */
  legacy(
    path: string,
    token: string,
    body: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Calls a v1.0 path with the token header; returns status and parsed body. */
  v1(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Creates and starts a simulator on 127.0.0.1:0. */
export async function startSimulatorHarness(
  options: DingtalkSimulatorOptions = {},
): Promise<SimulatorHarness> {
  const sim = createDingtalkSimulator(options);
  const server = await sim.start();
  const url = server.url;
  const parse = async (response: Response) => ({
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  });
  return {
    sim,
    server,
    url,
    legacyToken: async () => {
      const o = sim.options;
      const r = await parse(await fetch(`${url}/gettoken?appkey=${o.appKey}&appsecret=${o.appSecret}`));
      return String(r.body.access_token);
    },
    v1Token: async () => {
      const o = sim.options;
      const init = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey: o.appKey, appSecret: o.appSecret }),
      };
      const r = await parse(await fetch(`${url}/v1.0/oauth2/accessToken`, init));
      return String(r.body.accessToken);
    },
    legacy: async (path, token, body) =>
      parse(
        await fetch(`${url}${path}?access_token=${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    v1: async (method, path, token, body) => {
      const init: RequestInit = {
        method,
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
      };
      if (body !== undefined) init.body = JSON.stringify(body);
      return parse(await fetch(`${url}${path}`, init));
    },
  };
}

/** A parsed JSON body in tests: loosely typed on purpose (assertions check the shape). */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked by assertions, not types
export type LooseJson = Record<string, any>;

/** Reads a response's JSON as LooseJson. */
export async function jsonOf(response: Response | Promise<Response>): Promise<LooseJson> {
  return (await (await response).json()) as LooseJson;
}
