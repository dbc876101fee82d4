import type { ConditionStep } from '../definitions/flow-schema.ts';
import type { StepContext, StepResult } from './types.ts';

/** Evaluates `if`; the engine then runs the `then` or `else` branch. */
export async function executeCondition(step: ConditionStep, ctx: StepContext): Promise<StepResult> {
  const result = Boolean(await ctx.evaluator.evaluate(step.if, ctx.scope));
  return { kind: 'branch', input: { if: step.if }, output: { result }, branch: result ? 'then' : 'else' };
}
