import { bilingual, type QiaoError } from '../../errors/index.ts';
import type { ClassifyInput } from '../kit/index.ts';
import { connectorErrors } from '../kit/index.ts';
import { isSessionLost, SIGNED_MODE_CREDENTIAL } from './auth.ts';
import {
  isSuccessFlag,
  type K3Message,
  type K3ResponseStatus,
  messageText,
  rawResponseStatusOf,
  responseStatusOf,
  systemErrorOf,
} from './k3-envelope.ts';

/** How long to wait after MsgCode 14 (call-count limit): the limit is per second on the simulator, undocumented on real sites. */
export const RATE_LIMIT_WAIT_MS = 1000;

/** MsgCodes that concern one package of a BatchSave (validation, not found, not allowed, network control). */
const PER_PACKAGE_CODES = new Set([9, 10, 11, 12, 13]);

/** Operations whose failures are reported per package (DIndex) by `parseBatch` rather than thrown. */
const BATCH_OPERATIONS = new Set(['batchSave']);

/** Whether a message is the unique-field violation K3Cloud reports for a duplicate bill number. */
export function isDuplicateMessage(message: string): boolean {
  return message.includes('违反字段唯一性要求') || message.includes('已经被使用');
}

/**
 * Classifies a K3Cloud ResponseStatus failure: MsgCode 1 → auth expired (auth failed in signed mode),
 * 14 → rate limited, 6 (database) → operational, 15 → auth failed, a unique-field violation →
 * duplicate, everything else → rejected with the system's message.
 */
export function errorOfStatus(
  status: K3ResponseStatus,
  options: { signed?: boolean; errors?: K3Message[] } = {},
): QiaoError {
  const errors = options.errors ?? status.Errors;
  const said = messageText(errors, '');
  const message = said
    ? bilingual(`金蝶云星空：${said}`, `Kingdee K3Cloud: ${said}`)
    : bilingual(
        `金蝶云星空返回失败（MsgCode ${status.MsgCode}）`,
        `Kingdee K3Cloud failed (MsgCode ${status.MsgCode})`,
      );
  const system = systemErrorOf(status, errors);
  if (isSessionLost(status.MsgCode, said)) {
    const detail = said || `MsgCode ${status.MsgCode}`;
    return options.signed
      ? connectorErrors.authFailed(
          bilingual(
            `金蝶云星空签名认证失败：${detail}（请检查应用 ID、密钥、用户与服务器时间）`,
            `Kingdee K3Cloud rejected the signature: ${detail} (check the app ID, secret, user and server clock)`,
          ),
          system,
        )
      : connectorErrors.authExpired(message, system);
  }
  if (status.MsgCode === 14) return connectorErrors.rateLimited(message, RATE_LIMIT_WAIT_MS, system);
  if (status.MsgCode === 6) return connectorErrors.operational(message, system);
  if (status.MsgCode === 15) return connectorErrors.authFailed(message, system);
  if (errors.some((e) => isDuplicateMessage(e.Message))) return connectorErrors.duplicate(message, system);
  return connectorErrors.user(message, system);
}

/** Whether a failed BatchSave answer is about the whole request rather than its packages. */
function isRequestLevel(status: K3ResponseStatus): boolean {
  return status.SuccessEntitys.length === 0 && !PER_PACKAGE_CODES.has(status.MsgCode);
}

/**
 * The connector's classifier. HTTP errors (519, 5xx, 4xx) go to the kit's default rules; a 200 body
 * starting with `response_error:` is operational; a ResponseStatus with IsSuccess false is classified
 * by {@link errorOfStatus} — except BatchSave package errors, which `parseBatch` reports per DIndex.
 */
export function classifyK3CloudError(input: ClassifyInput): QiaoError | undefined {
  const { response } = input;
  if (!response || response.status < 200 || response.status >= 300) return undefined;
  if (typeof response.body === 'string' && response.body.startsWith('response_error:')) {
    const said = response.body.slice(0, 200);
    return connectorErrors.operational(
      bilingual(`金蝶云星空网关错误：${said}`, `Kingdee K3Cloud gateway error: ${said}`),
      { body: response.body.slice(0, 2000) },
    );
  }
  // A successful answer (every BatchSave of 50 bills) is told by its flag: its entities are read once, by parseBatch.
  const raw = rawResponseStatusOf(response.body);
  if (!raw || isSuccessFlag(raw)) return undefined;
  const status = responseStatusOf(response.body);
  if (!status) return undefined;
  const signed = input.request.headers.cookie === SIGNED_MODE_CREDENTIAL;
  const lost = isSessionLost(status.MsgCode, messageText(status.Errors, ''));
  if (BATCH_OPERATIONS.has(input.operationId) && !lost && status.MsgCode !== 14 && !isRequestLevel(status))
    return undefined;
  return errorOfStatus(status, { signed });
}
