import { type DirectPlan, planDirect } from './direct-plan.ts';
import { type HelperContext, lookupTable } from './field-helpers.ts';
import { compilePath, readVariable, type Variables } from './path.ts';

/** A synchronous evaluator of an expression that needs no JSONata engine at run time. */
export type DirectEvaluator = (root: unknown, vars: Variables) => unknown;

/** The `this` of a directly called helper that reads no variables. */
export const NO_SCOPE: HelperContext = { environment: { lookup: () => undefined } };

/** The `this` of a directly called helper: variables resolved like JSONata resolves them. */
class DirectScope implements HelperContext {
  readonly environment: { lookup(name: string): unknown };
  constructor(root: unknown, vars: Variables) {
    this.environment = new DirectEnvironment(root, vars);
  }
}

class DirectEnvironment {
  constructor(
    private readonly root: unknown,
    private readonly vars: Variables,
  ) {}
  lookup(name: string): unknown {
    return readVariable(name, this.root, this.root, this.vars);
  }
}

/** The variable scope a scoped helper (or a call with 0 or more than 3 arguments) receives as `this`. */
export function scopeOf(root: unknown, vars: Variables): HelperContext {
  return new DirectScope(root, vars);
}

function compileCall(plan: Extract<DirectPlan, { kind: 'call' }>): DirectEvaluator {
  const { helper } = plan;
  const args = plan.args.map(evaluatorOf);
  // `this` (the variable scope) is only built for helpers that read variables, e.g. `$lookup('table', …)`.
  const [a, b, c] = args;
  if (!plan.scoped && args.length === 1 && a) return (root, vars) => helper.call(NO_SCOPE, a(root, vars));
  if (!plan.scoped && args.length === 2 && a && b) {
    return (root, vars) => helper.call(NO_SCOPE, a(root, vars), b(root, vars));
  }
  if (!plan.scoped && args.length === 3 && a && b && c) {
    return (root, vars) => helper.call(NO_SCOPE, a(root, vars), b(root, vars), c(root, vars));
  }
  return (root, vars) =>
    helper.apply(
      scopeOf(root, vars),
      args.map((arg) => arg(root, vars)),
    );
}

/** `$lookup(table, key, default?)` reading the `tables` variable straight from the bindings (no scope object). */
function compileLookup(plan: Extract<DirectPlan, { kind: 'lookup' }>): DirectEvaluator {
  const table = evaluatorOf(plan.table);
  const key = evaluatorOf(plan.key);
  if (plan.fallback === undefined) {
    return (root, vars) => {
      const name = table(root, vars);
      const k = key(root, vars);
      return lookupTable(tablesOf(name, root, vars), name, k, false, undefined);
    };
  }
  const fallback = evaluatorOf(plan.fallback);
  return (root, vars) => {
    const name = table(root, vars);
    const k = key(root, vars);
    const otherwise = fallback(root, vars);
    return lookupTable(tablesOf(name, root, vars), name, k, true, otherwise);
  };
}

function tablesOf(table: unknown, root: unknown, vars: Variables): unknown {
  return typeof table === 'string' ? readVariable('tables', root, root, vars) : undefined;
}

/** The closure evaluator of a direct plan (the reference the generated code is compared with). */
export function evaluatorOf(plan: DirectPlan): DirectEvaluator {
  switch (plan.kind) {
    case 'constant': {
      const constant = plan.value;
      return () => constant;
    }
    case 'path':
      return compilePath(plan.steps);
    case 'variable': {
      const name = plan.name;
      return (root, vars) => readVariable(name, root, root, vars);
    }
    case 'lookup':
      return compileLookup(plan);
    case 'call':
      return compileCall(plan);
  }
}

/**
 * Compiles the subset of JSONata that needs no engine — literals, plain paths, variables, calls of the
 * field helpers over those, and literal object constructors — to a synchronous function; anything else
 * gives undefined and is left to JSONata. Both give the same result on JSON data.
 */
export function compileDirect(ast: unknown): DirectEvaluator | undefined {
  const plan = planDirect(ast);
  return plan === undefined ? undefined : evaluatorOf(plan);
}
