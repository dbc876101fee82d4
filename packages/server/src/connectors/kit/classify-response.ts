import { bilingual, QiaoError, quoted } from '../../errors/index.ts';
import { isRefreshable, signalsExpiry } from './auth.ts';
import type { ConnectionRuntime } from './connection-runtime.ts';
import type { AuthDeclaration, ExpiredWhen, OperationDeclaration } from './connector-declaration.ts';
import { classifyStatus, systemOf } from './errors.ts';
import { evaluateExpression } from './expressions.ts';
import type { HttpRequest, HttpResponse } from './http-transport.ts';

/**
 * Classifies a response: the connector's classifier first, then auth expiry signalled in the body,
 * then the operation's `errorWhen`, then the HTTP status. `fetchingCredential` skips the expiry check.
 * Returns synchronously unless an expression has to be evaluated (the common success costs no promise).
 */
export function classifyResponse(
  rt: ConnectionRuntime,
  op: OperationDeclaration,
  operationId: string,
  request: HttpRequest,
  response: HttpResponse,
  write: boolean,
  fetchingCredential = false,
): QiaoError | undefined | Promise<QiaoError | undefined> {
  const custom = rt.connector.classifyError?.({ operationId, request, response, write, config: rt.config });
  if (custom) return custom;
  const auth = rt.connector.auth;
  const expiredWhen = fetchingCredential ? undefined : expiredWhenOf(auth);
  if (expiredWhen === undefined) return classifyRest(rt, op, response, fetchingCredential);
  if (typeof expiredWhen === 'function') {
    return expiredWhen(response)
      ? expiredError(response)
      : classifyRest(rt, op, response, fetchingCredential);
  }
  return signalsExpiry(auth, response).then((expired) =>
    expired ? expiredError(response) : classifyRest(rt, op, response, fetchingCredential),
  );
}

function expiredWhenOf(auth: AuthDeclaration): ExpiredWhen | undefined {
  return auth.type === 'token' || auth.type === 'session' ? auth.expiredWhen : undefined;
}

function expiredError(response: HttpResponse): QiaoError {
  return new QiaoError('CONNECTOR_AUTH_EXPIRED', '令牌或会话已过期 / token or session expired', {
    system: systemOf(response),
  });
}

/** `errorWhen`, then the HTTP status. */
function classifyRest(
  rt: ConnectionRuntime,
  op: OperationDeclaration,
  response: HttpResponse,
  fetchingCredential: boolean,
): QiaoError | undefined | Promise<QiaoError | undefined> {
  if (op.errorWhen) return classifyErrorWhen(rt, op, op.errorWhen, response, fetchingCredential);
  return classifyByStatus(rt, response, fetchingCredential);
}

async function classifyErrorWhen(
  rt: ConnectionRuntime,
  op: OperationDeclaration,
  errorWhen: string,
  response: HttpResponse,
  fetchingCredential: boolean,
): Promise<QiaoError | undefined> {
  const data = { status: response.status, headers: response.headers, body: response.body };
  if ((await evaluateExpression(errorWhen, data)) === true) {
    const message = op.errorMessage ? await evaluateExpression(op.errorMessage, data) : undefined;
    const text = typeof message === 'string' ? message : `HTTP ${response.status}`;
    return new QiaoError(
      'CONNECTOR_REJECTED',
      bilingual(`目标系统返回错误：${text}`, `the target system returned an error: ${text}`),
      { system: systemOf(response) },
    );
  }
  return classifyByStatus(rt, response, fetchingCredential);
}

function classifyByStatus(
  rt: ConnectionRuntime,
  response: HttpResponse,
  fetchingCredential: boolean,
): QiaoError | undefined {
  if (response.status >= 200 && response.status < 300) return undefined;
  const byStatus = classifyStatus(response, Date.now());
  if (
    byStatus?.code === 'CONNECTOR_AUTH_EXPIRED' &&
    (!isRefreshable(rt.connector.auth) || fetchingCredential)
  ) {
    const said = quoted(byStatus.message);
    return new QiaoError(
      'CONNECTOR_AUTH_FAILED',
      bilingual(`认证失败：${said.zh}`, `authentication failed: ${said.en}`),
      byStatus.system ? { system: byStatus.system } : {},
    );
  }
  return byStatus;
}
