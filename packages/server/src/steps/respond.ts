import type { RespondStep } from '../definitions/flow-schema.ts';
import type { StepContext, StepResult } from './types.ts';

/** Sets the webhook response (status default 200); the run continues after it. */
export async function executeRespond(step: RespondStep, ctx: StepContext): Promise<StepResult> {
  const body = await ctx.evaluator.render(step.body, ctx.scope);
  const response = { status: step.status ?? 200, body };
  return { kind: 'value', input: null, output: response, response };
}
