import type { MapStep } from '../definitions/flow-schema.ts';
import type { StepContext, StepResult } from './types.ts';

/** Builds a value from the mapping (templates over the scope); the output is the mapped value. */
export async function executeMap(step: MapStep, ctx: StepContext): Promise<StepResult> {
  const output = await ctx.evaluator.render(step.mapping, ctx.scope);
  return { kind: 'value', input: null, output };
}
