import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import {
  createConnectorRegistry,
  defineConnector,
} from '../../../src/connectors/kit/connector-declaration.ts';
import { createConnectorGateway, type KitGateway } from '../../../src/connectors/kit/create-gateway.ts';
import { flowSchema } from '../../../src/definitions/flow-schema.ts';
import type { JsonObject, JsonValue } from '../../../src/json.ts';
import type { Store } from '../../../src/store/port.ts';

/** How the server answers the next calls of a route: a status (200 = normal) per call, then 200. */
export type Plan = Partial<Record<'token' | 'voucher' | 'line', number[]>>;

/** A request the server accepted (answered 200). */
export interface Accepted {
  route: string;
  token: string | null;
  body: JsonValue;
}

/**
 * A small accounting API for scenarios (node:http on 127.0.0.1:0): `GET /token`, `POST /voucher`
 * and `POST /line`, each checking `access_token`. `plan` injects failures; `hold` leaves `/line`
 * requests unanswered (to kill a worker mid-call) — those are never counted as accepted.
 */
export class VoucherApi {
  readonly hits: Record<string, number> = {};
  readonly accepted: Accepted[] = [];
  plan: Plan = {};
  /** While set, `/line` requests beyond this many accepted lines hang. */
  holdAfterLines: number | null = null;
  /** Told when a `/line` request is held. */
  onHold: (() => void) | undefined;
  #server = createServer((req, res) => void this.#handle(req, res));
  #tokens = 0;
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const route = url.pathname.slice(1) as keyof Plan;
    this.hits[route] = (this.hits[route] ?? 0) + 1;
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text ? (JSON.parse(text) as JsonValue) : null;
    const planned = this.plan[route]?.shift() ?? 200;
    if (planned === 503) return send(res, 503, { errcode: 503, errmsg: '系统繁忙，请稍后再试' });
    if (planned !== 200)
      return send(res, planned, { errcode: 40001, errmsg: '凭证字号重复，请检查后重新提交' });
    if (route === 'token') {
      this.#tokens++;
      this.accepted.push({ route, token: null, body: null });
      return send(res, 200, { access_token: `tok-${this.#tokens}`, expires_in: 7200 });
    }
    const token = url.searchParams.get('access_token');
    if (!token?.startsWith('tok-')) return send(res, 401, { errcode: 401, errmsg: 'access_token 无效' });
    const lines = this.accepted.filter((a) => a.route === 'line').length;
    if (route === 'line' && this.holdAfterLines !== null && lines >= this.holdAfterLines) {
      this.onHold?.();
      return;
    }
    this.accepted.push({ route, token, body });
    return send(res, 200, {
      errcode: 0,
      id: `${route}-${this.accepted.length}`,
      number: `JZ-${String(this.accepted.length).padStart(4, '0')}`,
    });
  }
}

function send(res: ServerResponse, status: number, body: JsonObject): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The connector of the voucher API, declared with the real connector kit. */
export const voucherConnector = defineConnector({
  id: 'voucher-api',
  version: '1.0.0',
  name: { zh: '凭证接口', en: 'Voucher API' },
  auth: { type: 'none' },
  operations: {
    getToken: { method: 'GET', path: '/token', query: { appKey: '{{ input.appKey }}' } },
    postVoucher: {
      method: 'POST',
      path: '/voucher',
      query: { access_token: '{{ input.access_token }}' },
      body: '{{ input.voucher }}',
    },
    postLine: {
      method: 'POST',
      path: '/line',
      query: { access_token: '{{ input.access_token }}' },
      body: '{{ input.line }}',
    },
  },
});

/**
 * The real connector gateway, with connection `voucher` pointing at `url`. Calls time out after 5 s
 * (not the default 30 s, the test timeout): a call left unanswered shows as CONNECTOR_TIMEOUT in the
 * run's timeline instead of a test that times out saying nothing.
 */
export function createVoucherGateway(url: string): KitGateway {
  return createConnectorGateway({
    defaultTimeoutMs: 5_000,
    connectors: createConnectorRegistry([voucherConnector]),
    connections: {
      resolve: async (id) =>
        id === 'voucher' ? { connectorId: 'voucher-api', config: { baseUrl: url }, secrets: {} } : undefined,
    },
  });
}

/** Reads a flow YAML file, validates it and stores it as the flow's current version. */
export async function putFlowFile(store: Store, file: string | URL): Promise<string> {
  const definition = flowSchema.parse(parse(readFileSync(file, 'utf8'))) as unknown as JsonObject;
  await store.documents.put({ kind: 'flow', id: String(definition.id), definition, now: Date.now() });
  return String(definition.id);
}
