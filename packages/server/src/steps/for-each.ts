import type { ForEachStep } from '../definitions/flow-schema.ts';
import { bilingual, QiaoError } from '../errors/index.ts';
import type { StepContext, StepResult } from './types.ts';

/** Evaluates `items` (an absent value is no items, a single value one item); the engine iterates. */
export async function executeForEach(step: ForEachStep, ctx: StepContext): Promise<StepResult> {
  const value = await ctx.evaluator.evaluate(step.items, ctx.scope);
  const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  if (items.length > 10_000) {
    throw new QiaoError(
      'INPUT_INVALID',
      bilingual(
        `步骤 ${step.id} 的循环项超过 10000 个`,
        `step ${step.id} has more than 10000 items to loop over`,
      ),
      {
        details: { count: items.length },
      },
    );
  }
  return { kind: 'loop', input: { items: step.items }, output: { count: items.length }, items };
}
