import type { StepDefinition } from '../definitions/flow-schema.ts';
import { executeCall } from './call.ts';
import { executeCondition } from './condition.ts';
import { executeForEach } from './for-each.ts';
import { executeLookup } from './lookup.ts';
import { executeMap } from './map.ts';
import { executeRespond } from './respond.ts';
import { executeSet } from './set.ts';
import type { StepContext, StepResult } from './types.ts';

export { createStepEvaluator, type StepEvaluator } from './evaluator.ts';
export type { FlowResponse, StepContext, StepResult } from './types.ts';

/** Runs one step with the executor of its type (exhaustive over the step types). */
export function executeStep(step: StepDefinition, ctx: StepContext): Promise<StepResult> {
  switch (step.type) {
    case 'call':
      return executeCall(step, ctx);
    case 'map':
      return executeMap(step, ctx);
    case 'condition':
      return executeCondition(step, ctx);
    case 'forEach':
      return executeForEach(step, ctx);
    case 'lookup':
      return executeLookup(step, ctx);
    case 'set':
      return executeSet(step, ctx);
    case 'respond':
      return executeRespond(step, ctx);
  }
}

/**
 * Whether re-running a step after a crash has no outside effect (it only reads the scope or the
 * store): the engine may then persist it together with the next effectful step.
 */
export function isPureStep(step: StepDefinition): boolean {
  return step.type !== 'call' && step.type !== 'respond';
}
