import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FlowDefinition, StepDefinition } from '../definitions/flow-schema.ts';
import { bilingual, QiaoError } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { assertSameRequest, type Engine, idempotentRunId } from '../runs/index.ts';
import { resolveEnvRefs } from '../secrets/index.ts';
import type { RunRecord, Store } from '../store/port.ts';

/** An incoming webhook request, as the API hands it over. */
export interface WebhookRequest {
  flowId: string;
  body: JsonValue;
  /** The raw body the signature covers (default: the JSON text of `body`). */
  rawBody?: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

/** What the API answers. */
export interface WebhookResponse {
  status: number;
  body: JsonValue;
}

/** Options of the webhook handler. */
export interface WebhookOptions {
  store: Store;
  engine: Pick<Engine, 'enqueue' | 'events'>;
  /** How long to wait for a `respond` step before answering 202 (default 10 s). */
  responseTimeoutMs?: number;
  /** Where `${env:NAME}` in a flow's `trigger.secret` is read, at each request (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

const HIDDEN_HEADERS = new Set(['x-qiao-signature', 'authorization', 'cookie']);
/**
 * Header and query names that carry a credential by their look (`x-api-key`, `x-auth-token`,
 * `access_token`, `proxy-authorization`, `x-hub-signature` …): stored as `***`, so a run record never
 * holds a caller's key while a flow still sees that it was sent.
 */
const CREDENTIAL_NAME =
  /(^|[-_])(auth|authorization|token|secret|signature|sign|api[-_]?key|apikey|key|password|passwd|session|cookie|credential|credentials)([-_]|$)/i;
const MASK = '***';

/**
 * Creates the webhook intake: verifies the flow's secret (header `x-qiao-signature` = hex
 * HMAC-SHA256 of the raw body, optionally `sha256=`-prefixed, or `?secret=`), enqueues a run, and
 * answers with the `respond` step's response when the flow has one (bounded wait), else 202.
 * A request with an `Idempotency-Key` header starts one run per flow and key, however often it is
 * sent (a sender retrying after a timeout): a repeat answers 200 `{runId, status, duplicate: true}`
 * with the first request's run and starts nothing.
 */
export function createWebhookHandler(
  options: WebhookOptions,
): (request: WebhookRequest) => Promise<WebhookResponse> {
  const timeoutMs = options.responseTimeoutMs ?? 10_000;
  return async (request) => {
    const flow = await loadWebhookFlow(options.store, request.flowId);
    verifySecret(flow, request, options.env ?? process.env);
    const trigger: JsonObject = {
      type: 'webhook',
      body: request.body,
      query: visibleQuery(request.query),
      headers: visibleHeaders(request.headers),
    };
    const id = idempotentRunId('wh', request.headers['idempotency-key'], flow.id);
    if (id !== undefined) {
      const first = await options.store.runs.get(id);
      if (first) {
        assertSameRequest(first.trigger, trigger);
        return duplicateOf(first);
      }
    }
    const extra = id === undefined ? {} : { id };
    if (!hasRespond(flow.steps)) {
      const runId = await options.engine.enqueue(flow.id, trigger, extra);
      return { status: 202, body: { runId } };
    }
    return enqueueAndWait(options.engine, flow.id, trigger, timeoutMs, extra);
  };
}

async function loadWebhookFlow(store: Store, flowId: string): Promise<FlowDefinition> {
  const head = await store.documents.head('flow', flowId);
  const doc = head?.enabled ? await store.documents.get('flow', flowId, head.currentVersion) : undefined;
  const flow = doc?.definition as unknown as FlowDefinition | undefined;
  if (flow?.trigger?.type !== 'webhook' || flow.enabled === false) {
    throw new QiaoError(
      'NOT_FOUND',
      bilingual(`没有启用的 Webhook 动作流 ${flowId}`, `no enabled webhook flow ${flowId}`),
    );
  }
  return flow;
}

/** The answer to a repeated `Idempotency-Key`: the first request's run, and that nothing new started. */
function duplicateOf(first: RunRecord): WebhookResponse {
  return { status: 200, body: { runId: first.id, status: first.status, duplicate: true } };
}

function verifySecret(
  flow: FlowDefinition,
  request: WebhookRequest,
  env: Readonly<Record<string, string | undefined>>,
): void {
  const written = flow.trigger.type === 'webhook' ? flow.trigger.secret : undefined;
  if (written === undefined || written === '') return;
  const secret = webhookSecret(written, env);
  if (request.query.secret !== undefined && same(request.query.secret, secret)) return;
  const header = request.headers['x-qiao-signature']?.replace(/^sha256=/, '').toLowerCase();
  const raw = request.rawBody ?? JSON.stringify(request.body);
  const expected = createHmac('sha256', secret).update(raw).digest('hex');
  if (header !== undefined && same(header, expected)) return;
  throw new QiaoError(
    'UNAUTHORIZED',
    bilingual(
      'Webhook 签名无效（x-qiao-signature 或 secret 参数不匹配）',
      'invalid webhook signature (x-qiao-signature or the secret parameter does not match)',
    ),
  );
}

/**
 * A flow's webhook secret with `${env:NAME}` read now (so rotating the variable needs no redeploy). A
 * variable that is unset or empty refuses every request — a secret that resolves to nothing never opens
 * the flow to anyone.
 */
function webhookSecret(written: string, env: Readonly<Record<string, string | undefined>>): string {
  let secret: string;
  try {
    secret = resolveEnvRefs(written, { ...env });
  } catch {
    secret = '';
  }
  if (secret !== '') return secret;
  throw new QiaoError(
    'UNAUTHORIZED',
    'Webhook 密钥引用的环境变量未设置，请求被拒绝 / the webhook secret names an unset environment variable: request refused',
  );
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function hasRespond(steps: StepDefinition[]): boolean {
  return steps.some(
    (step) =>
      step.type === 'respond' ||
      (step.type === 'condition' && (hasRespond(step.then) || hasRespond(step.else ?? []))) ||
      (step.type === 'forEach' && hasRespond(step.steps)),
  );
}

async function enqueueAndWait(
  engine: Pick<Engine, 'enqueue' | 'events'>,
  flowId: string,
  trigger: JsonObject,
  timeoutMs: number,
  extra: { id?: string },
): Promise<WebhookResponse> {
  // Listen before enqueueing so a fast run cannot answer before we look.
  const answers = new Map<string, WebhookResponse>();
  let wanted: string | undefined;
  let settle: ((response: WebhookResponse) => void) | undefined;
  const answer = (runId: string, response: WebhookResponse) => {
    if (!answers.has(runId)) answers.set(runId, response);
    if (runId === wanted) settle?.(answers.get(runId)!);
  };
  const onResponded = ({ runId, response }: { runId: string; response: WebhookResponse }) =>
    answer(runId, response);
  const onFinished = ({ run }: { run: RunRecord }) => answer(run.id, finishedResponse(run));
  engine.events.on('run:responded', onResponded);
  engine.events.on('run:finished', onFinished);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const runId = await engine.enqueue(flowId, trigger, extra);
    return await new Promise<WebhookResponse>((resolve) => {
      wanted = runId;
      settle = resolve;
      const early = answers.get(runId);
      if (early) resolve(early);
      timer = setTimeout(() => resolve({ status: 202, body: { runId } }), timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    engine.events.off('run:responded', onResponded);
    engine.events.off('run:finished', onFinished);
  }
}

function finishedResponse(run: RunRecord): WebhookResponse {
  if (run.status === 'succeeded') return { status: 200, body: { runId: run.id, status: run.status } };
  return {
    status: 500,
    body: { runId: run.id, status: run.status, error: (run.error ?? null) as unknown as JsonValue },
  };
}

function visibleHeaders(headers: Record<string, string | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HIDDEN_HEADERS.has(lower)) continue;
    out[lower] = lower !== 'idempotency-key' && CREDENTIAL_NAME.test(lower) ? MASK : value;
  }
  return out;
}

function visibleQuery(query: Record<string, string | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && name !== 'secret') out[name] = CREDENTIAL_NAME.test(name) ? MASK : value;
  return out;
}
