import { HELPERS, type Helper, SCOPED_HELPERS } from './helpers.ts';
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
  | { kind: 'lookup'; table: DirectPlan; key: DirectPlan; fallback: DirectPlan | undefined }
  /** Any other field-helper call; `scoped` helpers get the variable scope as `this`. */
  | { kind: 'call'; name: string; helper: Helper; scoped: boolean; args: readonly DirectPlan[] };

/** The part of a JSONata AST node the planner reads. */
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

function planPath(node: AstNode): DirectPlan | undefined {
  const steps: PathStep[] = [];
  for (const [i, step] of (node.steps ?? []).entries()) {
    if (!plain(step) || typeof step.value !== 'string') return undefined;
    if (step.type === 'name') steps.push({ kind: 'name', name: step.value });
    else if (step.type === 'variable' && i === 0 && !Object.hasOwn(HELPERS, step.value)) {
      steps.push({ kind: 'var', name: step.value });
    } else return undefined;
  }
  return steps.length === 0 ? undefined : { kind: 'path', steps };
}

function planCall(node: AstNode): DirectPlan | undefined {
  const procedure = node.procedure;
  if (procedure?.type !== 'variable' || typeof procedure.value !== 'string' || !plain(procedure))
    return undefined;
  const name = procedure.value;
  const helper = Object.hasOwn(HELPERS, name) ? HELPERS[name] : undefined;
  if (helper === undefined) return undefined;
  const args: DirectPlan[] = [];
  for (const arg of node.arguments ?? []) {
    const planned = planNode(arg);
    if (planned === undefined) return undefined;
    args.push(planned);
  }
  const [table, key, fallback] = args;
  if (name === 'lookup' && table !== undefined && key !== undefined && args.length <= 3) {
    return { kind: 'lookup', table, key, fallback };
  }
  return { kind: 'call', name, helper, scoped: SCOPED_HELPERS.has(name), args };
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

function planNode(node: AstNode): DirectPlan | undefined {
  if (!plain(node)) return undefined;
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value':
      return { kind: 'constant', value: node.value };
    case 'path':
      return planPath(node);
    case 'variable': {
      const name = node.value;
      if (typeof name !== 'string' || Object.hasOwn(HELPERS, name)) return undefined;
      return { kind: 'variable', name };
    }
    case 'function':
      return planCall(node);
    case 'unary':
      return node.value === '{' ? planConstantObject(node) : undefined;
    default:
      return undefined;
  }
}

/**
 * Plans a JSONata AST for engine-free evaluation — literals, plain paths, variables, calls of the field
 * helpers over those, and literal object constructors; anything else gives undefined (left to JSONata).
 */
export function planDirect(ast: unknown): DirectPlan | undefined {
  return planNode(ast as AstNode);
}
