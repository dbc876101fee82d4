/**
 * The four error kinds of the taxonomy; the kind decides what the engine does.
 * - user: bad definition, input or business rule — fail fast, never retried;
 * - operational: network, timeout, 5xx, rate limit — retried with back-off;
 * - auth-expired: token/session lost — refresh credentials once, then retry;
 * - unexpected: a bug — reported, not retried.
 */
export type ErrorKind = 'user' | 'operational' | 'auth-expired' | 'unexpected';

interface CatalogueEntry {
  kind: ErrorKind;
  /** What the code means, for docs and the console (Chinese first). */
  zh: string;
  en: string;
}

/**
 * Every stable error code of Qiao. Add codes here (never rename one): API clients, stored run
 * records and the console key on them. `docs/errors.md` is generated from this table.
 */
export const ERROR_CATALOGUE = {
  // definitions and input (user)
  DEFINITION_INVALID: { kind: 'user', zh: '定义文件无效', en: 'Definition is invalid' },
  DEFINITION_REFERENCE: {
    kind: 'user',
    zh: '定义引用了不存在的对象',
    en: 'Definition refers to something unknown',
  },
  EXPRESSION_SYNTAX: { kind: 'user', zh: '表达式语法错误', en: 'Expression syntax error' },
  EXPRESSION_EVALUATION: { kind: 'user', zh: '表达式求值失败', en: 'Expression evaluation failed' },
  EXPRESSION_LIMIT: {
    kind: 'user',
    zh: '表达式超出时间或内存限制',
    en: 'Expression exceeded its time or size limit',
  },
  MAPPING_FAILED: { kind: 'user', zh: '字段映射失败', en: 'Field mapping failed' },
  INPUT_INVALID: { kind: 'user', zh: '输入无效', en: 'Input is invalid' },
  NOT_FOUND: { kind: 'user', zh: '对象不存在', en: 'Not found' },
  CONFLICT: { kind: 'user', zh: '状态冲突', en: 'Conflict with the current state' },
  IDEMPOTENCY_KEY_REUSED: {
    kind: 'user',
    zh: '同一个 Idempotency-Key 用于了不同的请求',
    en: 'The Idempotency-Key was used for a different request',
  },
  UNAUTHORIZED: { kind: 'user', zh: '未认证', en: 'Not authenticated' },
  FORBIDDEN: { kind: 'user', zh: '无权限', en: 'Not allowed' },
  TOO_MANY_ATTEMPTS: {
    kind: 'user',
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-ins; try again later',
  },
  // connector calls
  CONNECTION_DISABLED: {
    kind: 'user',
    zh: '连接已停用（启用后重试失败的记录）',
    en: 'Connection is disabled (enable it, then retry the failed records)',
  },
  CONNECTOR_REJECTED: {
    kind: 'user',
    zh: '目标系统拒绝了请求（业务或校验错误）',
    en: 'The system rejected the request (validation or business rule)',
  },
  CONNECTOR_DUPLICATE: { kind: 'user', zh: '目标系统报告重复', en: 'The system reports a duplicate' },
  CONNECTOR_AUTH_FAILED: {
    kind: 'user',
    zh: '认证失败（凭证错误）',
    en: 'Authentication failed (bad credentials)',
  },
  CONNECTOR_AUTH_EXPIRED: { kind: 'auth-expired', zh: '令牌或会话已过期', en: 'Token or session expired' },
  CONNECTOR_RATE_LIMITED: { kind: 'operational', zh: '触发目标系统限流', en: 'Rate limited by the system' },
  CONNECTOR_UNAVAILABLE: {
    kind: 'operational',
    zh: '目标系统暂不可用（5xx）',
    en: 'System unavailable (5xx)',
  },
  CONNECTOR_TIMEOUT: { kind: 'operational', zh: '调用超时', en: 'Call timed out' },
  CONNECTOR_NETWORK: { kind: 'operational', zh: '网络错误', en: 'Network error' },
  CONNECTOR_UNCERTAIN_WRITE: {
    kind: 'operational',
    zh: '写入结果未知（响应丢失）',
    en: 'Write outcome unknown (response lost)',
  },
  CONNECTOR_QUOTA_EXCEEDED: { kind: 'user', zh: '超出调用配额', en: 'Call quota exceeded' },
  CONNECTOR_UNKNOWN_OPERATION: {
    kind: 'user',
    zh: '连接器没有该接口',
    en: 'Connector has no such operation',
  },
  CALLBACK_REJECTED: {
    kind: 'user',
    zh: '回调签名、解密或来源校验失败',
    en: 'Callback signature, decryption or owner check failed',
  },
  CONNECTOR_ADDRESS_DENIED: { kind: 'user', zh: '目标地址被策略禁止', en: 'Target address denied by policy' },
  // engine
  RUN_CANCELLED: { kind: 'user', zh: '运行已取消', en: 'Run cancelled' },
  RUN_RETRIES_EXHAUSTED: { kind: 'operational', zh: '重试次数已用尽', en: 'Retries exhausted' },
  STEP_FAILED: { kind: 'user', zh: '步骤失败', en: 'Step failed' },
  SECRET_KEY_INVALID: { kind: 'user', zh: '密钥无效或无法解密', en: 'Secret key invalid or cannot decrypt' },
  CLUSTER_UNAVAILABLE: {
    kind: 'operational',
    zh: '集群协调服务（Redis）不可用',
    en: 'Cluster coordination (Redis) unavailable',
  },
  INTERNAL: { kind: 'unexpected', zh: '内部错误', en: 'Internal error' },
} as const satisfies Record<string, CatalogueEntry>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;
