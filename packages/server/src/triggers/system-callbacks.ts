import * as dingtalk from '../connectors/dingtalk/triggers/instance-change.ts';
import * as feishu from '../connectors/feishu/triggers/approval-event.ts';
import type { ConnectionResolver } from '../connectors/kit/create-gateway.ts';
import { bilingual, QiaoError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { type Engine, eventRunId } from '../runs/index.ts';
import type { Store } from '../store/port.ts';

/** One HTTP push from a system, as the route hands it over (the raw body: signatures cover it byte for byte). */
export interface SystemCallbackPush {
  connectionId: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  rawBody: string;
}

/** What the route answers: status and JSON body. */
export interface SystemCallbackAnswer {
  status: number;
  body: JsonValue;
}

/** A verified event, reduced to what triggers need: which record changed and how. */
interface ChangeEvent {
  /** `finish`, `start`, `terminate` (DingTalk) or the instance status (Feishu: `APPROVED`, `REJECTED` …). */
  type: string;
  /** The source record the event is about (DingTalk processInstanceId, Feishu instance code). */
  item: string;
  /** Whether the record reached an end state (a sync of it is worth running now). */
  final: boolean;
  dedupeKey: string;
  raw: JsonObject;
}

/** What a connector's callback adapter does: verify, decrypt, answer, and say what changed. */
interface CallbackAdapter {
  open(push: SystemCallbackPush, secrets: Record<string, string>): { reply: JsonValue; change?: ChangeEvent };
}

const FEISHU_FINAL = new Set(['APPROVED', 'REJECTED', 'CANCELED', 'DELETED']);

/** Callback adapters by connector id: DingTalk `bpms_instance_change`, Feishu approval instance events. */
const ADAPTERS: Record<string, CallbackAdapter> = {
  dingtalk: {
    open(push, secrets) {
      const credentials = dingtalk.callbackCredentialsOf(secrets);
      const event = dingtalk.verifyAndDecryptCallback(
        { query: push.query, body: parseJson(push.rawBody) },
        credentials,
      );
      const reply = dingtalk.callbackReply(credentials) as unknown as JsonValue;
      if (event.kind !== 'instanceChange' || !event.processInstanceId || !event.type) return { reply };
      const type = event.type;
      const dedupeKey = event.dedupeKey ?? `${event.processInstanceId}:${type}`;
      return {
        reply,
        change: { type, item: event.processInstanceId, final: type !== 'start', dedupeKey, raw: event.raw },
      };
    },
  },
  feishu: {
    open(push, secrets) {
      const event = feishu.verifyAndDecryptCallback(
        { headers: push.headers, rawBody: push.rawBody },
        feishu.callbackCredentialsOf(secrets),
      );
      if (event.kind === 'url_verification') return { reply: feishu.urlVerificationReply(event) };
      if (event.kind !== 'approvalInstance' || !event.instanceCode || !event.status) return { reply: {} };
      const dedupeKey = event.dedupeKey ?? `${event.instanceCode}:${event.status}`;
      const change = {
        type: event.status,
        item: event.instanceCode,
        final: FEISHU_FINAL.has(event.status),
        dedupeKey,
        raw: event.raw,
      };
      return { reply: {}, change };
    },
  },
};

/** Connectors whose systems push events Qiao can receive. */
export const CALLBACK_CONNECTORS = Object.keys(ADAPTERS);

/**
 * Receives system callbacks (`POST /callbacks/{connectionId}`): verifies and decrypts the push with the
 * connection's secrets and answers at once (DingTalk wants its encrypted `success` within 1.5 s) —
 * the runs start after the answer: a one-record run of every enabled sync whose source is this
 * connection (when the record reached an end state), and a run of every enabled flow with a
 * `callback` trigger on this connection and event type (or `*`). Re-pushes of one event are dropped
 * (bounded memory of recent keys), and after a restart too: each run's id comes from the event's dedupe
 * key (`eventRunId`), so a re-push enqueues nothing new.
 */
export function createSystemCallbackReceiver(options: {
  store: Store;
  connections: ConnectionResolver;
  engine: Pick<Engine, 'enqueue'>;
  onError?: (error: unknown) => void;
}): (push: SystemCallbackPush) => Promise<SystemCallbackAnswer> {
  const recent = new RecentKeys(10_000);
  return async (push) => {
    const connection = await options.connections.resolve(push.connectionId);
    const adapter = connection ? ADAPTERS[connection.connectorId] : undefined;
    if (!connection || !adapter)
      throw new QiaoError(
        'NOT_FOUND',
        bilingual(
          `没有可接收回调的连接 ${push.connectionId}`,
          `no connection ${push.connectionId} that can take callbacks`,
        ),
      );
    const { reply, change } = adapter.open(push, connection.secrets);
    if (change && recent.add(`${push.connectionId}:${change.dedupeKey}`)) {
      setImmediate(() => {
        startRuns(options, push.connectionId, change).catch((error) => options.onError?.(error));
      });
    }
    return { status: 200, body: reply };
  };
}

async function startRuns(
  options: { store: Store; engine: Pick<Engine, 'enqueue'> },
  connectionId: string,
  change: ChangeEvent,
): Promise<void> {
  const trigger = {
    type: 'callback',
    connection: connectionId,
    event: change.type,
    items: [change.item],
    raw: change.raw,
  };
  for (const head of await options.store.documents.list()) {
    if (!head.enabled || (head.kind !== 'sync' && head.kind !== 'flow')) continue;
    const definition = (await options.store.documents.get(head.kind, head.id))?.definition;
    if (!definition || definition.enabled === false) continue;
    if (head.kind === 'sync' && change.final && sourceConnection(definition) === connectionId) {
      await options.engine.enqueue({ kind: 'sync', id: head.id }, trigger, {
        id: eventRunId('cb', connectionId, change.dedupeKey, 'sync', head.id),
      });
    }
    if (head.kind === 'flow' && listensTo(definition, connectionId, change.type)) {
      await options.engine.enqueue({ kind: 'flow', id: head.id }, trigger, {
        id: eventRunId('cb', connectionId, change.dedupeKey, 'flow', head.id),
      });
    }
  }
}

function sourceConnection(definition: JsonObject): string | undefined {
  const source = definition.source;
  return isJsonObject(source) && typeof source.connection === 'string' ? source.connection : undefined;
}

function listensTo(definition: JsonObject, connectionId: string, type: string): boolean {
  const trigger = definition.trigger;
  return (
    isJsonObject(trigger) &&
    trigger.type === 'callback' &&
    trigger.connection === connectionId &&
    (trigger.event === type || trigger.event === '*')
  );
}

function parseJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new QiaoError('INPUT_INVALID', '回调请求体不是 JSON / callback body is not JSON');
  }
}

/** A bounded set of recently seen keys (insertion order; the oldest go first). */
class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly max: number) {}
  /** Adds a key; false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value as string);
    return true;
  }
}
