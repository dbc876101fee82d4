import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';

const LOG_PREFIX = randomBytes(4).toString('hex').toUpperCase();
let logSeq = 0;

/** Feishu's log id header (`x-tt-logid`): every answer carries one (cheap: a prefix and a counter). */
export function logId(): string {
  logSeq = (logSeq + 1) % 0x1_0000_0000;
  return `${Date.now()}${LOG_PREFIX}${logSeq.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** A success envelope `{code:0, msg:'success', data}` (HTTP 200). */
export function ok(c: Context<SimulatorEnv>, data: unknown): Response {
  c.header('x-tt-logid', logId());
  return c.json({ code: 0, msg: 'success', data }, 200);
}

/** An error envelope `{code, msg, error:{log_id}}` — HTTP 200 unless `status` says otherwise (reference §6 "errors inside 200"). */
export function feishuError(
  c: Context<SimulatorEnv>,
  code: number,
  msg: string,
  status: 200 | 400 | 429 | 500 = 200,
): Response {
  const id = logId();
  c.header('x-tt-logid', id);
  return c.json({ code, msg, error: { log_id: id } }, status);
}

/** Expired or unknown tenant_access_token: code 99991663. */
export function tokenInvalidResponse(c: Context<SimulatorEnv>): Response {
  return feishuError(
    c,
    99991663,
    'Invalid access token for authorization. Please make a request with token attached.',
  );
}

/** Missing `Authorization` header: code 99991661. */
export function tokenMissingResponse(c: Context<SimulatorEnv>): Response {
  return feishuError(
    c,
    99991661,
    'Missing access token for authorization. Please make a request with token attached.',
  );
}

/** Over the frequency limit: code 99991400 (HTTP 200, or 429 with `x-ogw-ratelimit-*` headers when configured). */
export function rateLimitedResponse(c: Context<SimulatorEnv>, http429: boolean, resetSeconds = 1): Response {
  c.header('x-ogw-ratelimit-limit', '50');
  c.header('x-ogw-ratelimit-reset', String(resetSeconds));
  return feishuError(c, 99991400, 'request trigger frequency limit', http429 ? 429 : 200);
}

/** An internal error as the open platform gateway returns it (HTTP 500, code 1390099-style internal). */
export function serverErrorResponse(c: Context<SimulatorEnv>): Response {
  return feishuError(c, 1395001, 'internal error, please retry later', 500);
}
