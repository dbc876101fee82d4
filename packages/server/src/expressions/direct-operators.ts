import type { DirectPlan } from './direct-plan.ts';
import { sizeError } from './limits.ts';
import { arithmetic, at, boolize, comparison, concat, equality, includes } from './operators.ts';
import type { Variables } from './path.ts';

/** The closures of the binary operators of the direct evaluator (direct.ts builds the rest). */

type Plan<K extends DirectPlan['kind']> = Extract<DirectPlan, { kind: K }>;
/** A direct evaluator (direct.ts `DirectEvaluator`, restated here so the two files need not import each other). */
type DirectEvaluator = (root: unknown, vars: Variables) => unknown;

/** `and` / `or`: the right side only when needed; its failures (and the left's truthiness) marked at the operator. */
function compileLogic(plan: Plan<'binary'>, l: DirectEvaluator, r: DirectEvaluator): DirectEvaluator {
  const { position, op } = plan;
  if (op === 'and') {
    return (root, vars) => {
      const lhs = l(root, vars);
      try {
        return boolize(lhs) && boolize(r(root, vars));
      } catch (error) {
        throw at(error, position, op);
      }
    };
  }
  return (root, vars) => {
    const lhs = l(root, vars);
    try {
      return boolize(lhs) || boolize(r(root, vars));
    } catch (error) {
      throw at(error, position, op);
    }
  };
}

function operatorOf(op: Plan<'binary'>['op']): (lhs: unknown, rhs: unknown) => unknown {
  switch (op) {
    case '=':
    case '!=':
      return (lhs, rhs) => equality(lhs, rhs, op);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (lhs, rhs) => comparison(lhs, rhs, op);
    case '&':
      return concat;
    case 'in':
      return includes;
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return (lhs, rhs) => arithmetic(lhs, rhs, op);
    default:
      throw new Error(`not a direct operator: ${op}`);
  }
}

/**
 * The closure of a binary operator over its sides' evaluators: both sides evaluated (left first; `and`/`or`
 * the right one only when needed), then the operator with JSONata's semantics; failures marked at it.
 */
export function binaryEvaluator(
  plan: Plan<'binary'>,
  l: DirectEvaluator,
  r: DirectEvaluator,
): DirectEvaluator {
  const { position, op } = plan;
  if (op === 'and' || op === 'or') return compileLogic(plan, l, r);
  const apply = operatorOf(op);
  if (op === '&') {
    const { limits } = plan;
    return (root, vars) => {
      const lhs = l(root, vars);
      const rhs = r(root, vars);
      let text: string;
      try {
        text = concat(lhs, rhs);
      } catch (error) {
        throw at(error, position, op);
      }
      // The engine's exit hook bounds every string it builds; `&` is the one operator here that grows one.
      if (text.length > limits.maxSize) throw sizeError(limits);
      return text;
    };
  }
  return (root, vars) => {
    const lhs = l(root, vars);
    const rhs = r(root, vars);
    try {
      return apply(lhs, rhs);
    } catch (error) {
      throw at(error, position, op);
    }
  };
}
