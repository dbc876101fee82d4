import type { JsonValue } from '../../../json.ts';
import { jdyAppSignature, jdyQueryString, signJdyRequest } from '../signature.ts';
import { DEFAULT_JDY_CREDENTIALS, type JdyCredentials } from './context.ts';

/** A response body the tests probe by path. */
// biome-ignore lint/suspicious/noExplicitAny: tests read deep, route-specific response shapes
export type LooseJson = any;

/** How to send one call. */
export interface CallOptions {
  method?: string;
  params?: Record<string, string>;
  body?: JsonValue;
  /** Sign with the gateway signature (default true). */
  sign?: boolean;
  /** Send `X-GW-Router-Addr` (default: the customer domain; null omits it). */
  router?: string | null;
  headers?: Record<string, string>;
  /** Override of the signed timestamp. */
  timestamp?: string;
}

/** A minimal plain-HTTP JDY client used by the simulator's own tests and benchmark. */
export class JdyTestClient {
  appSecret: string;
  accessToken = '';
  appToken = '';

  constructor(
    readonly baseUrl: string,
    readonly cred: JdyCredentials,
    /** Clock used for `X-Api-TimeStamp` (tests pass the simulator's clock). */
    readonly now: () => number = Date.now,
  ) {
    this.appSecret = cred.appSecret;
  }

  /** Sends one call; returns HTTP status and parsed JSON (null when the body is not JSON). */
  async call(path: string, o: CallOptions = {}): Promise<{ status: number; json: LooseJson }> {
    const method = o.method ?? 'GET';
    const params = o.params ?? {};
    const headers: Record<string, string> = {};
    if (o.sign !== false) {
      const signed = signJdyRequest({
        clientId: this.cred.clientId,
        clientSecret: this.cred.clientSecret,
        method,
        path,
        params,
        timestamp: o.timestamp ?? String(this.now()),
      });
      Object.assign(headers, signed);
    }
    Object.assign(headers, o.headers);
    const router = o.router === undefined ? this.cred.domain : o.router;
    if (router !== null) headers['X-GW-Router-Addr'] = router;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const qs = jdyQueryString(params);
    const res = await fetch(`${this.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    let json: LooseJson = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json };
  }

  /** Runs push_app_authorize and keeps the returned appSecret. */
  async authorize(): Promise<LooseJson> {
    const r = await this.call('/jdyconnector/app_management/push_app_authorize', {
      method: 'POST',
      params: { outerInstanceId: this.cred.outerInstanceId },
      router: null,
    });
    if (r.json?.data?.[0]?.appSecret) this.appSecret = r.json.data[0].appSecret;
    return r.json;
  }

  /** Exchanges appKey/appSecret for tokens and keeps them. */
  async token(): Promise<LooseJson> {
    const r = await this.call('/jdyconnector/app_management/kingdee_auth_token', {
      params: { app_key: this.cred.appKey, app_signature: jdyAppSignature(this.cred.appKey, this.appSecret) },
      router: null,
    });
    if (r.json?.errcode === 0) {
      this.accessToken = r.json.data.access_token;
      this.appToken = r.json.data['app-token'];
    }
    return r.json;
  }

  /** A family-A call with `access_token`, `sId` and `dbId` (unsigned unless `sign` is set). */
  acct(path: string, body?: JsonValue, o: CallOptions & { query?: Record<string, string> } = {}) {
    const params = {
      access_token: this.accessToken,
      sId: this.cred.serviceId,
      dbId: this.cred.accountId,
      ...o.query,
    };
    return this.call(path, { method: body === undefined ? 'GET' : 'POST', sign: false, ...o, params, body });
  }

  /** A family-B call with the gateway signature and `app-token`. */
  v2(path: string, o: CallOptions = {}) {
    return this.call(path, { ...o, headers: { 'app-token': this.appToken, ...o.headers } });
  }
}

/** A client of the simulator at `url` with the demo credentials, holding fresh tokens (test setup). */
export async function connectJdyClient(url: string): Promise<JdyTestClient> {
  const client = new JdyTestClient(url, DEFAULT_JDY_CREDENTIALS);
  await client.token();
  return client;
}
