import { flattenSteps } from '../definitions/check-steps.ts';
import type { FlowDefinition } from '../definitions/flow-schema.ts';
import { isJsonObject, type JsonValue } from '../json.ts';
import { createRedactor, isSecretName, MIN_SECRET_LENGTH } from '../secrets/index.ts';
import type { FlowCheckpoint, StepOutputs } from './flow-cursor.ts';

/** Masks secrets in a value (a step record's input, output or error; a run's output or error). */
export type ValueRedactor = (value: JsonValue) => JsonValue;

/** Where the redactor of a connection comes from: the gateway's `redactorFor` (secret values + live token). */
export type RedactorSource = (connectionId: string) => Promise<ValueRedactor>;

interface CallFacts {
  connections: string[];
  callSteps: string[];
}

const facts = new WeakMap<FlowDefinition, CallFacts>();

/** The connections and ids of a flow's call steps (nested ones too), computed once per definition object. */
function callFacts(flow: FlowDefinition): CallFacts {
  let hit = facts.get(flow);
  if (!hit) {
    const calls = flattenSteps(flow.steps)
      .map((entry) => entry.step)
      .filter((step) => step.type === 'call');
    hit = {
      connections: [...new Set(calls.map((step) => step.connection))],
      callSteps: calls.map((step) => step.id),
    };
    facts.set(flow, hit);
  }
  return hit;
}

/** Whether a flow has call steps: only then can its outputs hold a connection's secret or token. */
export function flowMakesCalls(flow: FlowDefinition): boolean {
  return callFacts(flow).connections.length > 0;
}

/**
 * The redactor for what a run stores in clear (step records, run output and error), or undefined
 * when the flow makes no calls: then no connection secret or token can be in them and records are
 * stored as they are. Otherwise it is the union over every connection the flow calls (a token from
 * one step travels into later steps of any type) plus "learned" secrets: string values under
 * secret-looking keys in earlier call outputs (`access_token` of a token step), so a token passed
 * on under an innocent name is masked too. Values under secret-looking keys are always masked.
 */
export async function runRedactor(
  source: RedactorSource | undefined,
  flow: FlowDefinition,
  cp: FlowCheckpoint,
): Promise<ValueRedactor | undefined> {
  const { connections, callSteps } = callFacts(flow);
  if (connections.length === 0) return undefined;
  const known = source ? await Promise.all(connections.map((id) => source(id).catch(() => undefined))) : [];
  const learned = createRedactor(learnedSecrets(cp, callSteps));
  const all = [learned as ValueRedactor, ...known.filter((r) => r !== undefined)];
  return (value) => all.reduce<JsonValue>((current, redact) => redact(current), value);
}

/** String values under secret-looking keys in the outputs of completed call steps (loops included). */
function learnedSecrets(cp: FlowCheckpoint, callSteps: readonly string[]): string[] {
  const out = new Set<string>();
  const scan = (outputs: StepOutputs) => {
    for (const id of callSteps) {
      const done = outputs[id];
      if (done) collect(done.output, out, 0);
    }
  };
  scan(cp.steps);
  for (const frame of cp.stack) if (frame.kind === 'loop') scan(frame.local);
  return [...out];
}

function collect(value: JsonValue, out: Set<string>, depth: number): void {
  if (depth > 8) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, out, depth + 1);
  } else if (isJsonObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === 'string' && inner.length >= MIN_SECRET_LENGTH && isSecretName(key)) out.add(inner);
      else collect(inner, out, depth + 1);
    }
  }
}
