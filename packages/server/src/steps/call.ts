import type { CallStep } from '../definitions/flow-schema.ts';
import { bilingual, QiaoError } from '../errors/index.ts';
import { isJsonObject } from '../json.ts';
import type { StepContext, StepResult } from './types.ts';

/** Calls one operation through the gateway (token, rate limit, error classes live there). */
export async function executeCall(step: CallStep, ctx: StepContext): Promise<StepResult> {
  const input = step.input === undefined ? {} : await ctx.evaluator.render(step.input, ctx.scope);
  if (!isJsonObject(input))
    throw new QiaoError(
      'INPUT_INVALID',
      bilingual(`步骤 ${step.id} 的输入必须是对象`, `the input of step ${step.id} must be an object`),
    );
  ctx.onInput?.(input);
  const release = await ctx.acquire(step.connection);
  try {
    const output = await ctx.gateway.call(
      { connection: step.connection, operation: step.operation, input, signal: ctx.signal },
      ctx.observe,
    );
    return { kind: 'value', input, output };
  } finally {
    release();
  }
}
