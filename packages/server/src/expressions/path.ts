/**
 * Plain paths (`a.b.c`, `` `报销金额(元)` ``, `$line.x`) evaluated directly, with JSONata's exact path
 * semantics on JSON data: arrays met along the way are mapped and flattened, a one-item result is
 * unwrapped, an empty result is undefined, and an array reached by the last step is returned as is.
 */

/** One step of a plain path: a property name, or a variable (only as the first step). */
export type PathStep = { kind: 'name'; name: string } | { kind: 'var'; name: string };

/** Variables visible to a direct evaluation (the same object JSONata receives as bindings). */
export type Variables = Readonly<Record<string, unknown>>;

/** A compiled plain path. */
export type PathAccessor = (root: unknown, vars: Variables) => unknown;

const SEQUENCE = Symbol('sequence');
type Sequence = unknown[] & { [SEQUENCE]?: true };

function sequence(): Sequence {
  const s: Sequence = [];
  s[SEQUENCE] = true;
  return s;
}

function isSequence(value: unknown): boolean {
  return Array.isArray(value) && (value as Sequence)[SEQUENCE] === true;
}

/** Reads a variable the way JSONata does: `$` is the context item, `$$` the root, others from bindings. */
export function readVariable(name: string, item: unknown, root: unknown, vars: Variables): unknown {
  if (name === '') return item;
  if (name === '$') return root;
  return vars[name];
}

function lookupName(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const out = sequence();
    for (const item of input) {
      const hit = lookupName(item, key);
      if (hit === undefined) continue;
      if (Array.isArray(hit)) out.push(...hit);
      else out.push(hit);
    }
    return out;
  }
  if (input !== null && typeof input === 'object' && Object.hasOwn(input, key)) {
    return (input as Record<string, unknown>)[key];
  }
  return undefined;
}

/** JSONata's post-processing of a node result: an empty sequence is undefined, a singleton is unwrapped. */
function settle(value: unknown): unknown {
  if (!isSequence(value)) return value;
  const s = value as unknown[];
  if (s.length === 0) return undefined;
  return s.length === 1 ? s[0] : s;
}

function stepOnce(step: PathStep, input: unknown[], root: unknown, vars: Variables): unknown[] {
  const out: unknown[] = [];
  for (const item of input) {
    const hit =
      step.kind === 'var' ? readVariable(step.name, item, root, vars) : settle(lookupName(item, step.name));
    if (hit !== undefined) out.push(hit);
  }
  return out;
}

/** The general path walk (used when an array is met before the last step). */
export function walkPath(steps: readonly PathStep[], root: unknown, vars: Variables): unknown {
  let input: unknown[] = [root];
  for (let i = 0; i < steps.length; i++) {
    const results = stepOnce(steps[i]!, input, root, vars);
    const only = results[0];
    if (i === steps.length - 1 && results.length === 1 && Array.isArray(only) && !isSequence(only))
      return only;
    const flat = sequence();
    for (const r of results) {
      if (Array.isArray(r)) flat.push(...r);
      else flat.push(r);
    }
    if (flat.length === 0) return undefined;
    input = flat;
  }
  return input.length === 1 ? input[0] : Array.from(input);
}

/** Compiles a plain path to an accessor; objects all the way down take a straight property walk. */
export function compilePath(steps: readonly PathStep[]): PathAccessor {
  const first = steps[0];
  if (first === undefined) return () => undefined;
  const fromVar = first.kind === 'var' ? first.name : undefined;
  const names = (fromVar === undefined ? steps : steps.slice(1)).map((s) => s.name);
  return (root, vars) => {
    let value = fromVar === undefined ? root : readVariable(fromVar, root, root, vars);
    for (let i = 0; i < names.length; i++) {
      if (value === null || typeof value !== 'object') return undefined;
      if (Array.isArray(value)) {
        const mapped = mapNames(value, names, i);
        return mapped === BAIL ? walkPath(steps, root, vars) : mapped;
      }
      const name = names[i]!;
      value = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    }
    return value;
  };
}

const BAIL = Symbol('bail');

/**
 * The common case of a path meeting an array (`lines.amount`): names `from` on are read from each item,
 * absent values dropped, one result unwrapped, none undefined — what walkPath gives when no item and no
 * value is itself an array. Returns BAIL when one is (walkPath then handles the general case).
 */
function mapNames(items: readonly unknown[], names: readonly string[], from: number): unknown {
  let current = items;
  for (let i = from; i < names.length; i++) {
    const name = names[i]!;
    const out: unknown[] = [];
    for (let k = 0; k < current.length; k++) {
      const item = current[k];
      if (Array.isArray(item)) return BAIL;
      if (item === null || typeof item !== 'object' || !Object.hasOwn(item, name)) continue;
      const value = (item as Record<string, unknown>)[name];
      if (value === undefined) continue;
      if (Array.isArray(value)) return BAIL;
      out.push(value);
    }
    if (out.length === 0) return undefined;
    current = out;
  }
  return current.length === 1 ? current[0] : current;
}
