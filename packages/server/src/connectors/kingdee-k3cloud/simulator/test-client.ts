import type { JsonValue } from '../../../json.ts';
import { DEFAULT_K3CLOUD_CREDENTIALS } from './context.ts';

/** A response body the tests probe by path (K3Cloud shapes vary per operation). */
// biome-ignore lint/suspicious/noExplicitAny: tests read deep, operation-specific response shapes
export type LooseJson = any;

/** Path of a K3Cloud operation (`ValidateUser` → AuthService, anything else → DynamicFormService). */
export function k3Path(op: string): string {
  const service = ['ValidateUser', 'LoginByAppSecret', 'LoginBySign', 'Logout'].includes(op)
    ? 'AuthService'
    : 'DynamicFormService';
  return `/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.${service}.${op}.common.kdsvc`;
}

/** A minimal plain-HTTP K3Cloud client used by the simulator's own tests (keeps the session cookie). */
export class K3TestClient {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  /** POSTs `body` to an operation; returns the parsed JSON and the response. */
  async call(
    op: string,
    body: JsonValue,
    headers: Record<string, string> = {},
  ): Promise<{ json: LooseJson; res: Response }> {
    const res = await fetch(this.baseUrl + k3Path(op), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const setCookies = res.headers.getSetCookie();
    if (setCookies.length > 0) this.cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
    return { json: (await res.json()) as LooseJson, res };
  }

  /** Logs in with ValidateUser. */
  async login(acctID: string, username: string, password: string): Promise<LooseJson> {
    return (await this.call('ValidateUser', { acctID, username, password, lcid: 2052 })).json;
  }
}

/** A client of the simulator at `url`, logged in with the demo credentials (test setup). */
export async function connectK3Client(url: string): Promise<K3TestClient> {
  const client = new K3TestClient(url);
  const c = DEFAULT_K3CLOUD_CREDENTIALS;
  await client.login(c.acctId, c.username, c.password);
  return client;
}
