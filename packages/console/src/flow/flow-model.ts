/** A step of a flow as the console edits it (the server's step schema; unknown keys are kept). */
export interface Step {
  id: string;
  type: string;
  name?: string;
  [key: string]: unknown;
}

/** A flow definition as the console edits it (unknown keys are kept untouched). */
export interface Flow {
  id: string;
  name: string;
  trigger: { type: string; [key: string]: unknown };
  steps: Step[];
  [key: string]: unknown;
}

/** Where a step lives: indexes into step arrays and the branch key (`then`, `else`, `steps`) between them. */
export type StepPath = Array<number | 'then' | 'else' | 'steps'>;

/** One canvas row: a step with its path, nesting depth and the branch it is in. */
export interface FlatStep {
  path: StepPath;
  step: Step;
  depth: number;
  branch: 'then' | 'else' | 'steps' | null;
}

/** The step types the canvas palette offers, in palette order. */
export const STEP_TYPES = ['call', 'map', 'condition', 'forEach', 'lookup', 'set', 'respond'] as const;

/** The child step arrays of a container step (condition: then/else; forEach: steps). */
export function branchesOf(step: Step): Array<'then' | 'else' | 'steps'> {
  if (step.type === 'condition') return ['then', 'else'];
  if (step.type === 'forEach') return ['steps'];
  return [];
}

/** Lists every step depth-first in display order, with its path. */
export function flattenSteps(
  steps: Step[],
  prefix: StepPath = [],
  depth = 0,
  branch: FlatStep['branch'] = null,
): FlatStep[] {
  const out: FlatStep[] = [];
  steps.forEach((step, index) => {
    const path = [...prefix, index];
    out.push({ path, step, depth, branch });
    for (const key of branchesOf(step)) {
      const children = step[key];
      if (Array.isArray(children))
        out.push(...flattenSteps(children as Step[], [...path, key], depth + 1, key));
    }
  });
  return out;
}

/** The step at a path (undefined when absent). */
export function stepAt(steps: Step[], path: StepPath): Step | undefined {
  let list: unknown = steps;
  let current: Step | undefined;
  for (const part of path) {
    if (typeof part === 'number') {
      current = Array.isArray(list) ? (list[part] as Step | undefined) : undefined;
      if (!current) return undefined;
    } else {
      list = current?.[part];
    }
  }
  return current;
}

/** Returns a copy of `steps` with the array at `containerPath` replaced by `change(array)`. */
export function editList(steps: Step[], containerPath: StepPath, change: (list: Step[]) => Step[]): Step[] {
  if (containerPath.length === 0) return change([...steps]);
  const [index, key, ...rest] = containerPath;
  if (typeof index !== 'number' || typeof key !== 'string')
    throw new Error(`bad step path ${containerPath.join('.')}`);
  return steps.map((step, i) => {
    if (i !== index) return step;
    const children = Array.isArray(step[key]) ? (step[key] as Step[]) : [];
    return { ...step, [key]: editList(children, rest, change) };
  });
}

/** Splits a step path into its container path and its index. */
export function splitPath(path: StepPath): { container: StepPath; index: number } {
  const index = path[path.length - 1];
  if (typeof index !== 'number') throw new Error('a step path ends with an index');
  return { container: path.slice(0, -1), index };
}

/** Replaces the step at `path`. */
export function replaceStep(steps: Step[], path: StepPath, step: Step): Step[] {
  const { container, index } = splitPath(path);
  return editList(steps, container, (list) => list.map((s, i) => (i === index ? step : s)));
}

/** Removes the step at `path`. */
export function removeStep(steps: Step[], path: StepPath): Step[] {
  const { container, index } = splitPath(path);
  return editList(steps, container, (list) => list.filter((_, i) => i !== index));
}

/** Inserts `step` into the array at `container` before `index` (clamped). */
export function insertStep(steps: Step[], container: StepPath, index: number, step: Step): Step[] {
  return editList(steps, container, (list) => {
    const at = Math.max(0, Math.min(index, list.length));
    return [...list.slice(0, at), step, ...list.slice(at)];
  });
}

/** Moves the step at `path` by `delta` places within its own array; returns the new path too. */
export function moveStep(steps: Step[], path: StepPath, delta: number): { steps: Step[]; path: StepPath } {
  const { container, index } = splitPath(path);
  let target = index;
  const next = editList(steps, container, (list) => {
    target = Math.max(0, Math.min(list.length - 1, index + delta));
    const copy = [...list];
    const [moved] = copy.splice(index, 1);
    if (moved) copy.splice(target, 0, moved);
    return copy;
  });
  return { steps: next, path: [...container, target] };
}

/** Every step id in the flow (nested included). */
export function allStepIds(steps: Step[]): string[] {
  return flattenSteps(steps).map((f) => f.step.id);
}

/** A fresh id like `call2` that no step uses yet. */
export function freshId(type: string, taken: readonly string[]): string {
  let n = 1;
  while (taken.includes(`${type}${n}`)) n += 1;
  return `${type}${n}`;
}

/** A new step of `type` with the minimum fields its schema requires. */
export function newStep(type: string, taken: readonly string[]): Step {
  const id = freshId(type, taken);
  switch (type) {
    case 'call':
      return { id, type, connection: '', operation: '', input: {} };
    case 'map':
      return { id, type, mapping: {} };
    case 'condition':
      // biome-ignore lint/suspicious/noThenProperty: `then` is the format's branch key, never awaited
      return { id, type, if: 'true', then: [], else: [] };
    case 'forEach':
      return {
        id,
        type,
        items: 'trigger.lines',
        as: 'item',
        steps: [{ id: freshId('set', taken), type: 'set', values: {} }],
      };
    case 'lookup':
      return { id, type, key: '', table: {} };
    case 'respond':
      return { id, type, status: 200, body: {} };
    default:
      return { id, type: 'set', values: {} };
  }
}

/** Canvas coordinates of a flat step row (trigger is row 0). */
export function layoutOf(row: number, depth: number): { x: number; y: number } {
  return { x: 40 + depth * 60, y: 40 + row * 96 };
}

/** The diagnostic path of a step, as the server formats it (`steps[1].then[0]`). */
export function formatStepPath(path: StepPath): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('')
    .replace(/^/, 'steps')
    .replace(/^steps\[/, 'steps[');
}

/** Diagnostics that concern a step itself (not its nested steps), with the path inside the step. */
export function problemsOfStep<D extends { path?: string; message: string }>(
  diags: D[],
  path: StepPath,
): Array<D & { field: string }> {
  const prefix = formatStepPath(path);
  return diags
    .filter((d) => d.path === prefix || d.path?.startsWith(`${prefix}.`))
    .map((d) => ({ ...d, field: (d.path ?? '').slice(prefix.length + 1) }))
    .filter((d) => !/^(then|else|steps)\[/.test(d.field));
}
