import { binaryEvaluator } from './direct-operators.ts';
import { type DirectPlan, planDirect } from './direct-plan.ts';
import { type HelperContext, lookupTable } from './field-helpers.ts';
import { negate, toBoolean } from './operators.ts';
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

type Plan<K extends DirectPlan['kind']> = Extract<DirectPlan, { kind: K }>;

/** A helper's failure marked as JSONata's `evaluateFunction` marks it: position and name, unless already set. */
function atCall(error: unknown, position: number, name: string): unknown {
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    if (!e.position) e.position = position;
    if (!e.token) e.token = name;
  }
  return error;
}

function compileCall(plan: Plan<'call'>): DirectEvaluator {
  const { helper } = plan;
  const args = plan.args.map(evaluatorOf);
  // `this` (the variable scope) is only built for helpers that read variables, e.g. `$lookup('table', …)`.
  const [a, b, c] = args;
  if (!plan.scoped && args.length === 1 && a) {
    return (root, vars) => {
      const x = a(root, vars);
      try {
        return helper.call(NO_SCOPE, x);
      } catch (error) {
        throw atCall(error, plan.position, plan.name);
      }
    };
  }
  if (!plan.scoped && args.length === 2 && a && b) {
    return (root, vars) => {
      const x = a(root, vars);
      const y = b(root, vars);
      try {
        return helper.call(NO_SCOPE, x, y);
      } catch (error) {
        throw atCall(error, plan.position, plan.name);
      }
    };
  }
  if (!plan.scoped && args.length === 3 && a && b && c) {
    return (root, vars) => {
      const x = a(root, vars);
      const y = b(root, vars);
      const z = c(root, vars);
      try {
        return helper.call(NO_SCOPE, x, y, z);
      } catch (error) {
        throw atCall(error, plan.position, plan.name);
      }
    };
  }
  return (root, vars) => {
    const values = args.map((arg) => arg(root, vars));
    try {
      return helper.apply(scopeOf(root, vars), values);
    } catch (error) {
      throw atCall(error, plan.position, plan.name);
    }
  };
}

function compileCondition(plan: Plan<'condition'>): DirectEvaluator {
  const test = evaluatorOf(plan.test);
  const then = evaluatorOf(plan.then);
  const otherwise = plan.otherwise === undefined ? undefined : evaluatorOf(plan.otherwise);
  if (otherwise === undefined)
    return (root, vars) => (toBoolean(test(root, vars)) ? then(root, vars) : undefined);
  return (root, vars) => (toBoolean(test(root, vars)) ? then(root, vars) : otherwise(root, vars));
}

function compileBlock(plan: Plan<'block'>): DirectEvaluator {
  const items = plan.items.map(evaluatorOf);
  return (root, vars) => {
    let last: unknown;
    for (const item of items) last = item(root, vars);
    return last;
  };
}

/** JSONata's result conversion of a number: one that is not finite becomes null. */
function finite(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** `$lookup(table, key, default?)` reading the `tables` variable straight from the bindings (no scope object). */
function compileLookup(plan: Plan<'lookup'>): DirectEvaluator {
  const table = evaluatorOf(plan.table);
  const key = evaluatorOf(plan.key);
  const { position } = plan;
  if (plan.fallback === undefined) {
    return (root, vars) => {
      const name = table(root, vars);
      const k = key(root, vars);
      try {
        return lookupTable(tablesOf(name, root, vars), name, k, false, undefined);
      } catch (error) {
        throw atCall(error, position, 'lookup');
      }
    };
  }
  const fallback = evaluatorOf(plan.fallback);
  return (root, vars) => {
    const name = table(root, vars);
    const k = key(root, vars);
    const otherwise = fallback(root, vars);
    try {
      return lookupTable(tablesOf(name, root, vars), name, k, true, otherwise);
    } catch (error) {
      throw atCall(error, position, 'lookup');
    }
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
    case 'binary':
      return binaryEvaluator(plan, evaluatorOf(plan.lhs), evaluatorOf(plan.rhs));
    case 'condition':
      return compileCondition(plan);
    case 'negate': {
      const operand = evaluatorOf(plan.operand);
      const { position } = plan;
      return (root, vars) => negate(operand(root, vars), position);
    }
    case 'block':
      return compileBlock(plan);
    case 'finite': {
      const inner = evaluatorOf(plan.inner);
      return (root, vars) => finite(inner(root, vars));
    }
  }
}

/**
 * Compiles the subset of JSONata that needs no engine (see `planDirect`) to a synchronous function;
 * anything else gives undefined and is left to JSONata. Both give the same result on JSON data.
 */
export function compileDirect(ast: unknown): DirectEvaluator | undefined {
  const plan = planDirect(ast);
  return plan === undefined ? undefined : evaluatorOf(plan);
}
