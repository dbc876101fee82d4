import {
  callbackCredentialsOf,
  callbackReply,
  verifyAndDecryptCallback,
} from '../connectors/dingtalk/triggers/instance-change.ts';
import type { ConnectionResolver } from '../connectors/kit/create-gateway.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { Engine } from '../runs/index.ts';

/** What the receiver answers: HTTP status and JSON body. */
export interface CallbackAnswer {
  status: number;
  body: JsonValue;
}

/** One HTTP push as the route hands it over. */
export interface CallbackPush {
  connectionId: string;
  query: Record<string, string | undefined>;
  body: JsonValue;
}

/** Options of the DingTalk callback receiver. */
export interface DingtalkCallbackOptions {
  connections: ConnectionResolver;
  engine: Pick<Engine, 'enqueue'>;
  /** The sync to run for one finished instance (its source key is the instance id). */
  syncId: string;
  /** Told about every enqueued one-instance run (the demo prints it). */
  onEnqueued?: (event: { processInstanceId: string; runId: string }) => void;
}

/**
 * Creates the receiver of DingTalk `bpms_instance_change` pushes: verifies and decrypts the push,
 * answers the encrypted `success` at once (DingTalk wants it within 1.5 s), and — after answering —
 * enqueues a run of the sync for that one instance on `finish` (the run's commit precedes its
 * announcement; the ledger makes a re-pushed event harmless). A bad signature answers 403.
 */
export function createDingtalkCallbackReceiver(options: DingtalkCallbackOptions) {
  const seen = new Set<string>();
  return async (push: CallbackPush): Promise<CallbackAnswer> => {
    const connection = await options.connections.resolve(push.connectionId);
    if (connection?.connectorId !== 'dingtalk')
      return { status: 404, body: { code: 'NOT_FOUND', message: `没有钉钉连接 ${push.connectionId}` } };
    try {
      const credentials = callbackCredentialsOf(connection.secrets);
      const event = verifyAndDecryptCallback({ query: push.query, body: push.body }, credentials);
      const reply = callbackReply(credentials) as unknown as JsonValue;
      const id = event.processInstanceId;
      const fresh = event.dedupeKey !== undefined && !seen.has(event.dedupeKey);
      if (event.kind === 'instanceChange' && event.type === 'finish' && id && fresh) {
        seen.add(event.dedupeKey ?? '');
        setImmediate(() => void enqueue(options, push.connectionId, id));
      }
      return { status: 200, body: reply };
    } catch (error) {
      if (error instanceof QiaoError && error.code === 'CALLBACK_REJECTED')
        return { status: 403, body: { code: error.code, message: error.message } };
      throw error;
    }
  };
}

async function enqueue(options: DingtalkCallbackOptions, connection: string, id: string): Promise<void> {
  const runId = await options.engine.enqueue(
    { kind: 'sync', id: options.syncId },
    { type: 'callback', connection, event: 'finish', items: [id] },
  );
  options.onEnqueued?.({ processInstanceId: id, runId });
}
