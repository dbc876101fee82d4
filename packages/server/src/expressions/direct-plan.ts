import { HELPERS, type Helper, SCOPED_HELPERS } from './helpers.ts';
import { JSONATA_FUNCTIONS } from './jsonata-functions.ts';
import { DEFAULT_LIMITS, type ExpressionLimits } from './limits.ts';
import type { PathStep } from './path.ts';

/**
 * The engine-free subset of JSONata as a small tree: what `compileDirect` turns into closures and the
 * mapping code generator (src/mapping/codegen*.ts) turns into JavaScript source. One planner, so both
 * back ends accept exactly the same expressions.
 */
export type DirectPlan =
  /** A literal (string, number, true/false/null) or a frozen literal object constructor. */
  | { kind: 'constant'; value: unknown }
  /** A plain path; the first step may be a variable. Never empty. */
  | { kind: 'path'; steps: readonly PathStep[] }
  /** A bare variable (`$`, `$$`, `$line`). */
  | { kind: 'variable'; name: string }
  /** `$lookup(table, key, default?)`, reading `tables` straight from the variables. */
  | {
      kind: 'lookup';
      table: DirectPlan;
      key: DirectPlan;
      fallback: DirectPlan | undefined;
      /** Where the call sits in the text (JSONata marks a failure with it). */
      position: number;
    }
  /** Any other field-helper call; `scoped` helpers get the variable scope as `this`. */
  | {
      kind: 'call';
      name: string;
      helper: Helper;
      scoped: boolean;
      args: readonly DirectPlan[];
      /** Where the call sits in the text (JSONata marks a helper's failure with it). */
      position: number;
    }
  /**
   * A binary operator (comparison, `and`/`or`, `&`, arithmetic, `in`) with JSONata's semantics
   * (operators.ts); `limits` bound what `&` may build, as the engine's exit hook does.
   */
  | {
      kind: 'binary';
      op: BinaryOperator;
      lhs: DirectPlan;
      rhs: DirectPlan;
      position: number;
      limits: Readonly<ExpressionLimits>;
    }
  /** `test ? then : otherwise` (no `otherwise`: absent when the test is false). */
  | { kind: 'condition'; test: DirectPlan; then: DirectPlan; otherwise: DirectPlan | undefined }
  /** Unary minus. */
  | { kind: 'negate'; operand: DirectPlan; position: number }
  /** A block `(a; b)` of several expressions: each is evaluated, the last one's value is the result. */
  | { kind: 'block'; items: readonly DirectPlan[] }
  /**
   * The whole expression when its value may be a computed number: one that is not finite (`1/0`)
   * becomes null, as JSONata's result conversion does (only at the top: inside, Infinity flows on).
   */
  | { kind: 'finite'; inner: DirectPlan };

/** The binary operators the direct evaluator runs (everything else — `..`, `:=`, `~>` — stays with JSONata). */
export type BinaryOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or'
  | '&'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | 'in';

/**
 * JSONata's built-in functions (jsonata 2.x `staticFrame`, plus `now`/`millis`): as a bare variable such a
 * name is a function value unless the bindings shadow it — which only evaluation can tell — so a
 * variable of one of these names is left to JSONata (like our helpers' names).
 */
const BUILTIN_NAMES: ReadonlySet<string> = new Set(JSONATA_FUNCTIONS);

/** Whether `$name` may be read straight from the bindings (not a helper's or a JSONata function's name). */
function plainVariable(name: string): boolean {
  return !Object.hasOwn(HELPERS, name) && !BUILTIN_NAMES.has(name);
}

const BINARY: ReadonlySet<string> = new Set([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'and',
  'or',
  '&',
  '+',
  '-',
  '*',
  '/',
  '%',
  'in',
]);
const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%']);

/**
 * Deepest expression tree planned (JSONata's own depth limit is 500 evaluation levels): a deeper one
 * goes to the engine, so the direct evaluator's recursion stays far below both limits.
 */
const MAX_PLAN_DEPTH = 64;

/** What planning one expression carries along. */
interface PlanContext {
  limits: Readonly<ExpressionLimits>;
}

/** The part of a JSONata AST node the planner reads. */
interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  steps?: AstNode[];
  arguments?: AstNode[];
  procedure?: AstNode;
  lhs?: unknown;
  rhs?: AstNode;
  condition?: AstNode;
  then?: AstNode;
  else?: AstNode;
  expression?: AstNode;
  expressions?: AstNode[];
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

function planPath(node: AstNode): DirectPlan | undefined {
  const steps: PathStep[] = [];
  for (const [i, step] of (node.steps ?? []).entries()) {
    if (!plain(step) || typeof step.value !== 'string') return undefined;
    if (step.type === 'name') steps.push({ kind: 'name', name: step.value });
    else if (step.type === 'variable' && i === 0 && plainVariable(step.value)) {
      steps.push({ kind: 'var', name: step.value });
    } else return undefined;
  }
  return steps.length === 0 ? undefined : { kind: 'path', steps };
}

function planCall(node: AstNode, depth: number, ctx: PlanContext): DirectPlan | undefined {
  const procedure = node.procedure;
  if (procedure?.type !== 'variable' || typeof procedure.value !== 'string' || !plain(procedure))
    return undefined;
  const name = procedure.value;
  const helper = Object.hasOwn(HELPERS, name) ? HELPERS[name] : undefined;
  if (helper === undefined) return undefined;
  const args: DirectPlan[] = [];
  for (const arg of node.arguments ?? []) {
    const planned = planNode(arg, depth + 1, ctx);
    if (planned === undefined) return undefined;
    args.push(planned);
  }
  const [table, key, fallback] = args;
  const position = node.position ?? 0;
  if (name === 'lookup' && table !== undefined && key !== undefined && args.length <= 3) {
    return { kind: 'lookup', table, key, fallback, position };
  }
  return { kind: 'call', name, helper, scoped: SCOPED_HELPERS.has(name), args, position };
}

/** An object constructor whose keys and values are all literals (e.g. a value map) is a constant. */
function planConstantObject(node: AstNode): DirectPlan | undefined {
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
  return { kind: 'constant', value: out };
}

function planBinary(node: AstNode, depth: number, ctx: PlanContext): DirectPlan | undefined {
  const op = node.value;
  if (typeof op !== 'string' || !BINARY.has(op)) return undefined;
  const lhs = node.lhs === undefined ? undefined : planNode(node.lhs as AstNode, depth + 1, ctx);
  const rhs = node.rhs === undefined ? undefined : planNode(node.rhs, depth + 1, ctx);
  if (lhs === undefined || rhs === undefined) return undefined;
  return {
    kind: 'binary',
    op: op as BinaryOperator,
    lhs,
    rhs,
    position: node.position ?? 0,
    limits: ctx.limits,
  };
}

function planCondition(node: AstNode, depth: number, ctx: PlanContext): DirectPlan | undefined {
  const test = node.condition === undefined ? undefined : planNode(node.condition, depth + 1, ctx);
  const then = node.then === undefined ? undefined : planNode(node.then, depth + 1, ctx);
  if (test === undefined || then === undefined) return undefined;
  if (node.else === undefined) return { kind: 'condition', test, then, otherwise: undefined };
  const otherwise = planNode(node.else, depth + 1, ctx);
  return otherwise === undefined ? undefined : { kind: 'condition', test, then, otherwise };
}

function planBlock(node: AstNode, depth: number, ctx: PlanContext): DirectPlan | undefined {
  const items: DirectPlan[] = [];
  for (const expression of node.expressions ?? []) {
    const planned = planNode(expression, depth + 1, ctx);
    if (planned === undefined) return undefined;
    items.push(planned);
  }
  if (items.length === 0) return { kind: 'constant', value: undefined };
  return items.length === 1 ? items[0] : { kind: 'block', items };
}

function planUnary(node: AstNode, depth: number, ctx: PlanContext): DirectPlan | undefined {
  if (node.value === '{') return planConstantObject(node);
  if (node.value !== '-' || node.expression === undefined) return undefined;
  const operand = planNode(node.expression, depth + 1, ctx);
  return operand === undefined ? undefined : { kind: 'negate', operand, position: node.position ?? 0 };
}

function planNode(node: AstNode, depth: number, ctx: PlanContext): DirectPlan | undefined {
  if (depth > MAX_PLAN_DEPTH || !plain(node)) return undefined;
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value':
      return { kind: 'constant', value: node.value };
    case 'path':
      return planPath(node);
    case 'variable': {
      const name = node.value;
      if (typeof name !== 'string' || !plainVariable(name)) return undefined;
      return { kind: 'variable', name };
    }
    case 'function':
      return planCall(node, depth, ctx);
    case 'unary':
      return planUnary(node, depth, ctx);
    case 'binary':
      return planBinary(node, depth, ctx);
    case 'condition':
      return planCondition(node, depth, ctx);
    case 'block':
      return planBlock(node, depth, ctx);
    default:
      return undefined;
  }
}

/** Whether a plan's value may be a number computed here (arithmetic), so possibly not finite. */
function computesNumber(plan: DirectPlan): boolean {
  switch (plan.kind) {
    case 'binary':
      return ARITHMETIC.has(plan.op);
    case 'negate':
      return true;
    case 'condition':
      return computesNumber(plan.then) || (plan.otherwise !== undefined && computesNumber(plan.otherwise));
    case 'block':
      return computesNumber(plan.items[plan.items.length - 1]!);
    default:
      return false;
  }
}

/**
 * Plans a JSONata AST for engine-free evaluation — literals, plain paths, variables, calls of the field
 * helpers, literal object constructors, comparisons, `and`/`or`, `&`, arithmetic, `in`, unary minus,
 * conditions and blocks over those; anything else gives undefined (left to JSONata).
 */
export function planDirect(
  ast: unknown,
  limits: Readonly<ExpressionLimits> = DEFAULT_LIMITS,
): DirectPlan | undefined {
  const plan = planNode(ast as AstNode, 0, { limits });
  if (plan === undefined) return undefined;
  return computesNumber(plan) ? { kind: 'finite', inner: plan } : plan;
}
