import { compilePath, type DirectPlan, evaluatorOf, type PathStep } from '../expressions/index.ts';
import { type Frame, quote, type Source } from './codegen-source.ts';

/**
 * Emits the engine-free expressions (src/expressions/direct-plan.ts) as statements; each function returns
 * a JS expression for the value (a fresh variable, a literal or a scope read). The semantics are those of
 * the closure evaluators in src/expressions/direct.ts, which stay the reference.
 */

type Plan<K extends DirectPlan['kind']> = Extract<DirectPlan, { kind: K }>;

/** Reads a variable the way `readVariable` does: `$` and `$$` are the current root, others the scope. */
function variable(name: string, f: Frame): string {
  return name === '' || name === '$' ? f.root : `${f.scope}[${quote(name)}]`;
}

/** A key identifying a pure sub-expression (never emitted, only compared). */
function planKey(plan: DirectPlan, src: Source): string {
  switch (plan.kind) {
    case 'constant':
      return `c${src.literal(plan.value)}`;
    case 'variable':
      return `v${JSON.stringify(plan.name)}`;
    case 'path':
      return `p${JSON.stringify(plan.steps)}`;
    case 'lookup': {
      const fallback = plan.fallback === undefined ? '-' : planKey(plan.fallback, src);
      return `l(${planKey(plan.table, src)},${planKey(plan.key, src)},${fallback})`;
    }
    case 'call':
      return `f${JSON.stringify(plan.name)}(${plan.args.map((a) => planKey(a, src)).join(',')})`;
    case 'binary':
      return `b${JSON.stringify(plan.op)}(${planKey(plan.lhs, src)},${planKey(plan.rhs, src)})`;
    case 'condition': {
      const otherwise = plan.otherwise === undefined ? '-' : planKey(plan.otherwise, src);
      return `?(${planKey(plan.test, src)},${planKey(plan.then, src)},${otherwise})`;
    }
    case 'negate':
      return `n(${planKey(plan.operand, src)})`;
    case 'block':
      return `;(${plan.items.map((i) => planKey(i, src)).join(',')})`;
    case 'finite':
      return `F(${planKey(plan.inner, src)})`;
  }
}

/**
 * A path as a labelled block of property reads: a non-object stops it (undefined), an array hands the
 * whole path to the compiled accessor (JSONata's mapping semantics), an own property is read by its
 * quoted name — exactly what `compilePath` does step by step.
 */
function emitPath(steps: readonly PathStep[], f: Frame, src: Source): string {
  const first = steps[0]!;
  const fromVar = first.kind === 'var' ? first.name : undefined;
  const names = (fromVar === undefined ? steps : steps.slice(1)).map((s) => s.name);
  const v = src.name('v');
  src.push(`let ${v} = ${fromVar === undefined ? f.root : variable(fromVar, f)};`);
  if (names.length === 0) return v;
  const label = src.name('p');
  const whole = src.refByKey('a', JSON.stringify(steps), () => compilePath(steps));
  src.push(`${label}: {`);
  for (const name of names) {
    const key = quote(name);
    src.push(`if (${v} === null || typeof ${v} !== "object") { ${v} = undefined; break ${label}; }`);
    src.push(`if (isArray(${v})) { ${v} = ${whole}(${f.root}, ${f.scope}); break ${label}; }`);
    src.push(`${v} = hasOwn(${v}, ${key}) ? ${v}[${key}] : undefined;`);
  }
  src.push('}');
  return v;
}

/** A helper call: pure helpers with 1–3 arguments get NO_SCOPE as `this`, the rest a variable scope. */
function emitCall(plan: Plan<'call'>, f: Frame, src: Source): string {
  const args = plan.args.map((arg) => emitDirect(arg, f, src));
  const helper = src.ref('h', plan.helper);
  const v = src.name('v');
  if (!plan.scoped && args.length >= 1 && args.length <= 3) {
    src.push(`const ${v} = ${helper}.call(NO_SCOPE, ${args.join(', ')});`);
  } else {
    src.push(`const ${v} = ${helper}.apply(scopeOf(${f.root}, ${f.scope}), [${args.join(', ')}]);`);
  }
  return v;
}

/** `$lookup(table, key, default?)` as one `lookupTable` call with `tables` read from the scope. */
function emitLookup(plan: Plan<'lookup'>, f: Frame, src: Source): string {
  const table = emitDirect(plan.table, f, src);
  const key = emitDirect(plan.key, f, src);
  const fallback = plan.fallback === undefined ? undefined : emitDirect(plan.fallback, f, src);
  const tables = `${f.scope}["tables"]`;
  const named =
    plan.table.kind === 'constant' && typeof plan.table.value === 'string'
      ? tables
      : `(typeof ${table} === "string" ? ${tables} : undefined)`;
  const v = src.name('v');
  const rest = fallback === undefined ? 'false, undefined' : `true, ${fallback}`;
  src.push(`const ${v} = lookupTable(${named}, ${table}, ${key}, ${rest});`);
  return v;
}

/**
 * Operators, conditions and blocks call their closure evaluator (src/expressions/direct.ts) through the
 * accessor table: short-circuits and failure marking stay in one place, the reference itself.
 */
function emitEvaluator(plan: Computed, f: Frame, src: Source): string {
  const evaluate = src.refByKey('a', `e${planKey(plan, src)}`, () => evaluatorOf(plan));
  const v = src.name('v');
  src.push(`const ${v} = ${evaluate}(${f.root}, ${f.scope});`);
  return v;
}

/** Plans computed by the generated code (everything but constants and bare variables). */
type Computed = Exclude<DirectPlan, { kind: 'constant' | 'variable' }>;

function emitFresh(plan: Computed, f: Frame, src: Source): string {
  if (plan.kind === 'path') return emitPath(plan.steps, f, src);
  if (plan.kind === 'lookup') return emitLookup(plan, f, src);
  if (plan.kind === 'call') return emitCall(plan, f, src);
  return emitEvaluator(plan, f, src);
}

/**
 * A computed value (path, call, operator…), reusing the value of the same sub-expression computed earlier at this root and scope
 * when that value is a primitive (they are pure); an object or array result is computed afresh so no
 * two places of the output share one object — the rule the interpreted object builder follows.
 */
function emitReused(plan: Computed, f: Frame, src: Source): string {
  const key = planKey(plan, src);
  const earlier = f.reuse.get(key);
  if (earlier === undefined) {
    const v = emitFresh(plan, f, src);
    f.reuse.set(key, v);
    return v;
  }
  const v = src.name('v');
  src.push(`let ${v} = ${earlier};`);
  src.push(`if (${v} !== null && (typeof ${v} === "object" || typeof ${v} === "function")) {`);
  const fresh = emitFresh(plan, { ...f, reuse: new Map(f.reuse) }, src);
  src.push(`${v} = ${fresh};`);
  src.push('}');
  return v;
}

/** Emits one engine-free expression and returns the JS expression holding its value. */
export function emitDirect(plan: DirectPlan, f: Frame, src: Source): string {
  switch (plan.kind) {
    case 'constant':
      return src.literal(plan.value);
    case 'variable':
      return variable(plan.name, f);
    default:
      return emitReused(plan, f, src);
  }
}
