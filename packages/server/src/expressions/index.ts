export { DATE_FORMAT, DATE_TIME_FORMAT, dateToMs, formatShanghai, msToDate, msToDateTime } from './dates.ts';
export { compileDirect, type DirectEvaluator, evaluatorOf, NO_SCOPE, scopeOf } from './direct.ts';
export { type DirectPlan, planDirect } from './direct-plan.ts';
export {
  type Bindings,
  type CompiledExpression,
  compileExpression,
  type ExpressionOptions,
  toExpressionError,
} from './expression.ts';
export {
  chunk,
  chunkArray,
  fnumber,
  type HelperContext,
  lookup,
  lookupTable,
  valueMap,
} from './field-helpers.ts';
export { HELPERS, type Helper } from './helpers.ts';
export { DEFAULT_LIMITS, type ExpressionLimits } from './limits.ts';
export { decimal, decimalSum, decimalText, parseDecimal } from './money.ts';
export { compilePath, type PathAccessor, type PathStep, type Variables, walkPath } from './path.ts';
export { type CompiledTemplate, compileTemplate, stringifyPart } from './template.ts';
