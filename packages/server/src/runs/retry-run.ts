import type { FlowDefinition } from '../definitions/flow-schema.ts';
import { bilingual, QiaoError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type { RunRecord } from '../store/port.ts';
import { type FlowCheckpoint, loadCheckpoint } from './flow-cursor.ts';

/** What a retry starts from. */
export interface RetryFrom {
  old: RunRecord;
  definition: JsonObject;
  fromStep?: string;
}

/**
 * The checkpoint of a run that retries `old`: for a flow, from where it stopped (the failed step)
 * or — with `fromStep` — from that top-level step, keeping the outputs of the steps before it.
 * A sync starts over (its ledger makes that safe; its sync state holds where incremental reading
 * stands), keeping only what its checkpoint holds beyond the counters — a backfill's place in its
 * range — so a failed or cancelled backfill goes on where it stopped instead of reading it all again.
 */
export function retryCheckpoint(from: RetryFrom): JsonValue {
  const { old } = from;
  if (old.flowKind !== 'flow') return syncRetryCheckpoint(old.checkpoint);
  const flow = from.definition as unknown as FlowDefinition;
  const previous = loadCheckpoint(flow, old.checkpoint);
  if (from.fromStep === undefined) {
    // A retry is a new run: it counts its own steps, calls and attempts.
    const { stats: _stats, ...rest } = previous;
    return { ...rest, seq: 0 } as unknown as JsonValue;
  }
  const index = flow.steps.findIndex((step) => step.id === from.fromStep);
  if (index < 0)
    throw new QiaoError(
      'NOT_FOUND',
      bilingual(
        `动作流 ${flow.id} 没有顶层步骤 ${from.fromStep}`,
        `flow ${flow.id} has no top-level step ${from.fromStep}`,
      ),
    );
  const steps: FlowCheckpoint['steps'] = {};
  for (const step of flow.steps.slice(0, index)) {
    const done = previous.steps[step.id];
    if (done) steps[step.id] = done;
  }
  const checkpoint: FlowCheckpoint = {
    stack: [{ kind: 'block', index }],
    steps,
    vars: previous.vars,
    response: null,
    seq: 0,
    last: null,
  };
  return checkpoint as unknown as JsonValue;
}

/** A sync's checkpoint without its counters (a retry counts its own); null when nothing else is in it. */
function syncRetryCheckpoint(checkpoint: JsonValue): JsonValue {
  if (!isJsonObject(checkpoint)) return null;
  const { stats: _stats, ...rest } = checkpoint;
  return Object.keys(rest).length > 0 ? rest : null;
}
