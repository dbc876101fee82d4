import type { FlowDefinition, StepDefinition } from '../definitions/flow-schema.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type { FlowStats } from './run-stats.ts';

/** Outputs of completed steps, keyed by step id: the `steps` of the expression scope. */
export type StepOutputs = Record<string, { output: JsonValue }>;

/** Where the run is inside a block: the flow's steps, a condition branch, or a forEach body. */
export type Frame =
  | { kind: 'block'; index: number }
  | { kind: 'branch'; branch: 'then' | 'else'; index: number }
  | {
      kind: 'loop';
      items: JsonValue[];
      item: number;
      index: number;
      local: StepOutputs;
      outputs: JsonValue[];
    };

/**
 * The resumable state of an action flow run, stored as the run's checkpoint after each step: the
 * pointer (a stack of frames; empty when done), outputs so far, variables, the webhook response and
 * the next step-record sequence number.
 */
export interface FlowCheckpoint {
  stack: Frame[];
  steps: StepOutputs;
  vars: JsonObject;
  response: { status: number; body: JsonValue } | null;
  seq: number;
  last: JsonValue;
  /** The run's counters so far (absent in checkpoints written before they were kept). */
  stats?: FlowStats;
}

/** The step the pointer is on, its record path and the block chain leading to it. */
export interface CursorPosition {
  step: StepDefinition;
  path: string;
}

/** The checkpoint of a run that has not started. */
export function initialCheckpoint(flow: FlowDefinition): FlowCheckpoint {
  return normalize(flow, {
    stack: [{ kind: 'block', index: 0 }],
    steps: {},
    vars: {},
    response: null,
    seq: 0,
    last: null,
  });
}

/** Reads a stored checkpoint, or starts fresh when there is none. */
export function loadCheckpoint(flow: FlowDefinition, stored: JsonValue): FlowCheckpoint {
  if (isJsonObject(stored) && Array.isArray(stored.stack)) return stored as unknown as FlowCheckpoint;
  return initialCheckpoint(flow);
}

/** The blocks of each frame: blocks[i] holds the steps frame i points into. */
function blocks(flow: FlowDefinition, stack: Frame[]): StepDefinition[][] {
  const out: StepDefinition[][] = [];
  let block: StepDefinition[] = flow.steps;
  for (let i = 0; i < stack.length; i++) {
    const frame = stack[i]!;
    if (i > 0) {
      const owner = out[i - 1]![stack[i - 1]!.index];
      block = childBlock(owner, frame);
    }
    out.push(block);
  }
  return out;
}

function childBlock(owner: StepDefinition | undefined, frame: Frame): StepDefinition[] {
  if (owner?.type === 'condition' && frame.kind === 'branch')
    return (frame.branch === 'then' ? owner.then : owner.else) ?? [];
  if (owner?.type === 'forEach' && frame.kind === 'loop') return owner.steps;
  return [];
}

/** The step to run next, or null when the flow is done. */
export function currentStep(flow: FlowDefinition, cp: FlowCheckpoint): CursorPosition | null {
  if (cp.stack.length === 0) return null;
  const chain = blocks(flow, cp.stack);
  const top = cp.stack[cp.stack.length - 1]!;
  const step = chain[chain.length - 1]![top.index];
  if (!step) return null;
  let path = '';
  cp.stack.forEach((frame, i) => {
    if (frame.kind === 'loop') path += `${chain[i - 1]![cp.stack[i - 1]!.index]!.id}[${frame.item}].`;
  });
  return { step, path: path + step.id };
}

/** The expression scope at the pointer: `{ trigger, steps, vars, item?, index?, <as>? }`. */
export function scopeAt(flow: FlowDefinition, cp: FlowCheckpoint, trigger: JsonValue): JsonObject {
  const scope: JsonObject = { trigger, steps: cp.steps, vars: cp.vars };
  const loops = cp.stack.filter((frame) => frame.kind === 'loop');
  if (loops.length === 0) return scope;
  const chain = blocks(flow, cp.stack);
  let steps: StepOutputs = cp.steps;
  cp.stack.forEach((frame, i) => {
    if (frame.kind !== 'loop') return;
    steps = { ...steps, ...frame.local };
    scope.item = frame.items[frame.item] ?? null;
    scope.index = frame.item;
    const owner = chain[i - 1]![cp.stack[i - 1]!.index];
    if (owner?.type === 'forEach' && owner.as) scope[owner.as] = scope.item;
  });
  scope.steps = steps;
  return scope;
}

/** Records the current step's output and moves the pointer past it. */
export function completeStep(flow: FlowDefinition, cp: FlowCheckpoint, output: JsonValue): FlowCheckpoint {
  const next = clone(cp);
  const position = currentStep(flow, next);
  if (!position) return next;
  store(next, position.step.id, output);
  next.stack[next.stack.length - 1]!.index++;
  return normalize(flow, next);
}

/** Enters a condition branch (its output already known) or moves past it when the branch is empty. */
export function enterBranch(
  flow: FlowDefinition,
  cp: FlowCheckpoint,
  output: JsonValue,
  branch: 'then' | 'else',
): FlowCheckpoint {
  const next = clone(cp);
  const position = currentStep(flow, next);
  if (position?.step.type !== 'condition') return completeStep(flow, cp, output);
  store(next, position.step.id, output);
  next.stack.push({ kind: 'branch', branch, index: 0 });
  return normalize(flow, next);
}

/** Starts a forEach over `items` (moving past it when there are none). */
export function enterLoop(flow: FlowDefinition, cp: FlowCheckpoint, items: JsonValue[]): FlowCheckpoint {
  if (items.length === 0) return completeStep(flow, cp, []);
  const next = clone(cp);
  next.stack.push({ kind: 'loop', items, item: 0, index: 0, local: {}, outputs: [] });
  return normalize(flow, next);
}

function store(cp: FlowCheckpoint, id: string, output: JsonValue): void {
  const loop = [...cp.stack].reverse().find((frame) => frame.kind === 'loop');
  if (loop && loop.kind === 'loop') loop.local[id] = { output };
  else cp.steps[id] = { output };
  if (cp.stack.length === 1) cp.last = output;
}

/** Pops finished blocks: a loop goes to its next item or completes with its outputs; a branch completes. */
function normalize(flow: FlowDefinition, cp: FlowCheckpoint): FlowCheckpoint {
  for (;;) {
    if (cp.stack.length === 0) return cp;
    const chain = blocks(flow, cp.stack);
    const top = cp.stack[cp.stack.length - 1]!;
    const block = chain[chain.length - 1]!;
    if (top.index < block.length) return cp;
    cp.stack.pop();
    if (cp.stack.length === 0) return cp;
    const owner = chain[chain.length - 2]![cp.stack[cp.stack.length - 1]!.index]!;
    if (top.kind === 'loop') {
      const lastId = block[block.length - 1]?.id;
      top.outputs.push(lastId === undefined ? null : (top.local[lastId]?.output ?? null));
      if (top.item + 1 < top.items.length) {
        cp.stack.push({ ...top, item: top.item + 1, index: 0, local: {} });
        continue;
      }
      store(cp, owner.id, top.outputs);
    }
    cp.stack[cp.stack.length - 1]!.index++;
  }
}

/** Copies what completing a step mutates (frames, outputs maps); outputs themselves are never mutated. */
function clone(cp: FlowCheckpoint): FlowCheckpoint {
  const stack = cp.stack.map(
    (frame): Frame =>
      frame.kind === 'loop'
        ? { ...frame, local: { ...frame.local }, outputs: [...frame.outputs] }
        : { ...frame },
  );
  return { ...cp, stack, steps: { ...cp.steps } };
}
