import type { ConnectorGateway, ExchangeObserver } from '../connectors/kit/gateway.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import type { Store } from '../store/port.ts';
import type { StepEvaluator } from './evaluator.ts';

/** The response a `respond` step sets for the webhook that started the run. */
export interface FlowResponse {
  status: number;
  body: JsonValue;
}

/** What a step executor may use: the scope `{ trigger, steps, vars, item?, index? }` and the edges. */
export interface StepContext {
  scope: JsonObject;
  evaluator: StepEvaluator;
  gateway: ConnectorGateway;
  store: Store;
  signal: AbortSignal;
  /** Receives each HTTP exchange of a call (recorded in the step record, already redacted). */
  observe: ExchangeObserver;
  /** Waits for a permit of a connection (bounded concurrency per connection); returns the release. */
  acquire(connection: string): Promise<() => void>;
  /**
   * Receives a call's evaluated input before the call is made, so the record of a step whose call
   * fails still shows what was sent.
   */
  onInput?(input: JsonValue): void;
}

/** The outcome of one step: a value, or for control steps the branch taken / the items to iterate. */
export type StepResult =
  | { kind: 'value'; input: JsonValue; output: JsonValue; vars?: JsonObject; response?: FlowResponse }
  | { kind: 'branch'; input: JsonValue; output: JsonValue; branch: 'then' | 'else' }
  | { kind: 'loop'; input: JsonValue; output: JsonValue; items: JsonValue[] };
