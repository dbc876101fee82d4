import { type HelperContext, lookupTable } from './field-helpers.ts';
import { HELPERS, SCOPED_HELPERS } from './helpers.ts';
import { compilePath, type PathStep, readVariable, type Variables } from './path.ts';

/** A synchronous evaluator of an expression that needs no JSONata engine at run time. */
export type DirectEvaluator = (root: unknown, vars: Variables) => unknown;

/** The part of a JSONata AST node this compiler reads. */
interface AstNode {
  type: string;
  value?: unknown;
  steps?: AstNode[];
  arguments?: AstNode[];
  procedure?: AstNode;
  lhs?: unknown;
}

/** Node properties that add filtering, grouping, focus or array-keeping: any of them sends the node to JSONata. */
const UNSUPPORTED = [
  'predicate',
  'stages',
  'group',
  'focus',
  'index',
  'tuple',
  'keepArray',
  'keepSingletonArray',
];

function plain(node: AstNode): boolean {
  return !UNSUPPORTED.some((key) => Object.hasOwn(node, key));
}

function compilePathNode(node: AstNode): DirectEvaluator | undefined {
  const steps: PathStep[] = [];
  for (const [i, step] of (node.steps ?? []).entries()) {
    if (!plain(step) || typeof step.value !== 'string') return undefined;
    if (step.type === 'name') steps.push({ kind: 'name', name: step.value });
    else if (step.type === 'variable' && i === 0 && !Object.hasOwn(HELPERS, step.value)) {
      steps.push({ kind: 'var', name: step.value });
    } else return undefined;
  }
  return steps.length === 0 ? undefined : compilePath(steps);
}

const NO_SCOPE: HelperContext = { environment: { lookup: () => undefined } };

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

function scopeOf(root: unknown, vars: Variables): HelperContext {
  return new DirectScope(root, vars);
}

function compileCall(node: AstNode): DirectEvaluator | undefined {
  const procedure = node.procedure;
  if (procedure?.type !== 'variable' || typeof procedure.value !== 'string' || !plain(procedure))
    return undefined;
  const helper = Object.hasOwn(HELPERS, procedure.value) ? HELPERS[procedure.value] : undefined;
  if (helper === undefined) return undefined;
  const args: DirectEvaluator[] = [];
  for (const arg of node.arguments ?? []) {
    const compiled = compileNode(arg);
    if (compiled === undefined) return undefined;
    args.push(compiled);
  }
  if (procedure.value === 'lookup' && HELPERS.lookup === helper) {
    const lookup = compileLookup(args);
    if (lookup !== undefined) return lookup;
  }
  // `this` (the variable scope) is only built for helpers that read variables, e.g. `$lookup('table', …)`.
  const needsScope = SCOPED_HELPERS.has(procedure.value);
  const [a, b, c] = args;
  if (!needsScope && args.length === 1 && a) return (root, vars) => helper.call(NO_SCOPE, a(root, vars));
  if (!needsScope && args.length === 2 && a && b) {
    return (root, vars) => helper.call(NO_SCOPE, a(root, vars), b(root, vars));
  }
  if (!needsScope && args.length === 3 && a && b && c) {
    return (root, vars) => helper.call(NO_SCOPE, a(root, vars), b(root, vars), c(root, vars));
  }
  return (root, vars) =>
    helper.apply(
      scopeOf(root, vars),
      args.map((arg) => arg(root, vars)),
    );
}

/** `$lookup(table, key, default?)` reading the `tables` variable straight from the bindings (no scope object). */
function compileLookup(args: readonly DirectEvaluator[]): DirectEvaluator | undefined {
  const [table, key, fallback] = args;
  if (table === undefined || key === undefined || args.length > 3) return undefined;
  if (fallback === undefined) {
    return (root, vars) => {
      const name = table(root, vars);
      const k = key(root, vars);
      return lookupTable(tablesOf(name, root, vars), name, k, false, undefined);
    };
  }
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

/** An object constructor whose keys and values are all literals (e.g. a value map) is a constant. */
function compileConstantObject(node: AstNode): DirectEvaluator | undefined {
  if (!Array.isArray(node.lhs)) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of node.lhs as AstNode[][]) {
    const [key, value] = pair;
    if (key?.type !== 'string' || typeof key.value !== 'string' || !plain(key) || value === undefined)
      return undefined;
    if (!plain(value) || !['string', 'number', 'value'].includes(value.type)) return undefined;
    if (Object.hasOwn(out, key.value)) return undefined;
    out[key.value] = value.value;
  }
  // Shared by every evaluation, so frozen: a caller mutating it must fail loudly, not corrupt the next record.
  Object.freeze(out);
  return () => out;
}

function compileNode(node: AstNode): DirectEvaluator | undefined {
  if (!plain(node)) return undefined;
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const constant = node.value;
      return () => constant;
    }
    case 'path':
      return compilePathNode(node);
    case 'variable': {
      const name = node.value;
      if (typeof name !== 'string' || Object.hasOwn(HELPERS, name)) return undefined;
      return (root, vars) => readVariable(name, root, root, vars);
    }
    case 'function':
      return compileCall(node);
    case 'unary':
      return node.value === '{' ? compileConstantObject(node) : undefined;
    default:
      return undefined;
  }
}

/**
 * Compiles the subset of JSONata that needs no engine — literals, plain paths, variables, calls of the
 * field helpers over those, and literal object constructors — to a synchronous function; anything else
 * gives undefined and is left to JSONata. Both give the same result on JSON data.
 */
export function compileDirect(ast: unknown): DirectEvaluator | undefined {
  return compileNode(ast as AstNode);
}
