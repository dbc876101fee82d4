import { QiaoError } from '../../../errors/index.ts';
import type { JsonObject } from '../../../json.ts';
import { isJsonObject } from '../../../json.ts';
import type { HttpRequest, OperationDeclaration } from '../../kit/index.ts';
import { joinUrl } from '../../kit/index.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The plain `request` operation: input `{ method, url, headers?, query?, body? }`; a relative url joins the base URL. */
export const requestOperation: OperationDeclaration = {
  name: '发送 HTTP 请求 / HTTP request',
  description: 'Sends any request; the connection’s auth is applied.',
  write: (input) => String(input.method ?? 'GET').toUpperCase() !== 'GET',
  inputSchema: {
    type: 'object',
    required: ['url'],
    properties: {
      method: { enum: METHODS, default: 'GET' },
      url: { type: 'string' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      query: { type: 'object' },
      body: {},
    },
  },
  sample: { status: 200, headers: {}, body: { ok: true } },
  buildRequest(context) {
    const { input } = context;
    const method = String(input.method ?? 'GET').toUpperCase();
    if (!METHODS.includes(method) || typeof input.url !== 'string' || input.url === '') {
      throw new QiaoError(
        'INPUT_INVALID',
        'request 需要 url 和合法的 method / request needs a url and a valid method',
        {
          details: { method, url: input.url ?? null },
        },
      );
    }
    const url = new URL(joinUrl(context.baseUrl, input.url));
    for (const [key, value] of Object.entries(objectOf(input.query))) {
      if (value !== null)
        url.searchParams.append(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(objectOf(context.config.headers)))
      headers[name] = String(value);
    for (const [name, value] of Object.entries(objectOf(input.headers))) headers[name] = String(value);
    const request: HttpRequest = { method, url: url.toString(), headers };
    if (input.body !== undefined && method !== 'GET') request.body = input.body;
    return request;
  },
  parseOutput: (response) => ({ status: response.status, headers: response.headers, body: response.body }),
};

function objectOf(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}
