import type { Context } from 'hono';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import { requestId } from './format.ts';

/** Message texts of the throttling errors (v1.0 table; the legacy table reuses them — reference §2). */
export const QPS_MESSAGE = '您的企业应用调用钉钉开放平台当前接口的所有请求都被暂时禁用了';
/** Message text of the monthly quota error (not published; our wording). */
export const QUOTA_MESSAGE = '您的企业调用钉钉开放平台接口的次数已超过本月额度';

/** A legacy answer: always HTTP 200 with errcode/errmsg. */
export function legacyOk(c: Context<SimulatorEnv>, body: Record<string, unknown>): Response {
  return c.json(legacyOkBody(body), 200);
}

/** The body of a legacy answer: `{errcode: 0, errmsg: "ok", …body, request_id}`. */
export function legacyOkBody(body: Record<string, unknown>): Record<string, unknown> {
  return { errcode: 0, errmsg: 'ok', ...body, request_id: requestId() };
}

/** A legacy error: HTTP 200, non-zero errcode. */
export function legacyError(c: Context<SimulatorEnv>, errcode: number, errmsg: string): Response {
  return c.json(legacyErrorBody(errcode, errmsg), 200);
}

/** The body of a legacy error. */
export function legacyErrorBody(errcode: number, errmsg: string): Record<string, unknown> {
  return { errcode, errmsg, request_id: requestId() };
}

/** A `topapi` gateway error: errcode 88 with sub_code/sub_msg (as the real gateway answers token and parameter errors). */
export function topapiError(c: Context<SimulatorEnv>, subCode: string, subMsg: string): Response {
  return c.json(topapiErrorBody(subCode, subMsg), 200);
}

/** The body of a `topapi` gateway error. */
export function topapiErrorBody(subCode: string, subMsg: string): Record<string, unknown> {
  return {
    errcode: 88,
    sub_code: subCode,
    sub_msg: subMsg,
    errmsg: `ding talk error[subcode=${subCode},submsg=${subMsg}]`,
    request_id: requestId(),
  };
}

/** A v1.0 error: HTTP status with `{code, message, requestid}`. */
export function v1Error(
  c: Context<SimulatorEnv>,
  status: 400 | 401 | 403 | 404 | 500,
  code: string,
  message: string,
): Response {
  return c.json({ requestid: requestId(), code, message }, status);
}

/** Whether a path belongs to the v1.0 (`api.dingtalk.com`) family. */
export function isV1Path(path: string): boolean {
  return path.startsWith('/v1.0/');
}

/** The token-expired answer of the path's family (reference §1.3). */
export function tokenExpiredResponse(c: Context<SimulatorEnv>): Response {
  if (isV1Path(c.req.path)) return v1Error(c, 400, 'InvalidAuthentication', '不合法的access_token');
  if (c.req.path.startsWith('/topapi/')) return topapiError(c, '40014', '不合法的access_token');
  return legacyError(c, 40014, '不合法的access_token');
}

/** The per-(app, API) QPS answer of the path's family (reference §2). */
export function qpsLimitedResponse(c: Context<SimulatorEnv>): Response {
  if (isV1Path(c.req.path))
    return v1Error(c, 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', QPS_MESSAGE);
  return legacyError(c, 90018, QPS_MESSAGE);
}

/** The monthly-quota answer of the path's family. */
export function quotaResponse(c: Context<SimulatorEnv>): Response {
  if (isV1Path(c.req.path))
    return v1Error(c, 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', QUOTA_MESSAGE);
  return legacyError(c, 90020, QUOTA_MESSAGE);
}

/** A 5xx answer of the path's family (the gateway's HTML 502 for legacy, a JSON 500 for v1.0). */
export function serverErrorResponse(c: Context<SimulatorEnv>): Response {
  if (isV1Path(c.req.path)) return v1Error(c, 500, 'ServiceUnavailable', '服务暂时不可用，请稍后重试');
  return c.text('<html><body><h1>502 Bad Gateway</h1></body></html>', 502, { 'content-type': 'text/html' });
}
