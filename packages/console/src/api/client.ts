import { inLanguage } from '../i18n/bilingual.ts';

/** The uniform error body of the Qiao API. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** An API call that failed: the HTTP status and the server's error body (its message in the console's language). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, body: ApiErrorBody) {
    super(inLanguage(body.message));
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

const TOKEN_KEY = 'qiao.token';
let onUnauthorized: () => void = () => {};

/** The stored bearer token (null when signed out). */
export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

/** Stores or clears the bearer token. */
export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** Registers what happens when the server answers 401 (the app returns to sign-in). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Calls the API with the bearer token; JSON in and out; throws ApiError on non-2xx. */
export async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers['content-type'] = contentType;
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  const text = await res.text();
  const data = text ? safeJson(text) : null;
  if (!res.ok) {
    const err = (
      data && typeof data === 'object'
        ? data
        : { code: `HTTP_${res.status}`, message: text || res.statusText }
    ) as ApiErrorBody;
    if (res.status === 401 && token) onUnauthorized();
    throw new ApiError(res.status, err);
  }
  return data as T;
}

/**
 * Downloads a file the API serves (a CSV export, say) with the bearer token, saving it as `filename`
 * through a temporary object URL; throws ApiError on non-2xx like `api`.
 */
export async function download(path: string, filename: string): Promise<void> {
  const token = getToken();
  const res = await fetch(`/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const text = await res.text();
    if (res.status === 401 && token) onUnauthorized();
    throw new ApiError(res.status, safeJson(text) as ApiErrorBody);
  }
  const url = URL.createObjectURL(await res.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has handed the blob to the browser's download; the URL is not needed after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { code: 'BAD_RESPONSE', message: text.slice(0, 200) };
  }
}

/** Builds a query string from defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
