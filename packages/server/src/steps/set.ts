import type { SetStep } from '../definitions/flow-schema.ts';
import { isJsonObject } from '../json.ts';
import type { StepContext, StepResult } from './types.ts';

/** Sets run variables: the rendered values are merged into `vars` and are the step's output. */
export async function executeSet(step: SetStep, ctx: StepContext): Promise<StepResult> {
  const rendered = await ctx.evaluator.render(step.values, ctx.scope);
  const vars = isJsonObject(rendered) ? rendered : {};
  return { kind: 'value', input: null, output: vars, vars };
}
