export type { Engine, EngineOptions, EnqueueOptions, FlowRef } from './engine.ts';
export { createEngine, waitForRun } from './engine.ts';
export { EngineEmitter, type EngineEvents } from './engine-events.ts';
export type {
  CheckpointCodec,
  Clock,
  ExecutorContext,
  RunExecutor,
  RunOutcome,
  StepReport,
} from './executor.ts';
export { RunInterrupted } from './executor.ts';
export type { FlowCheckpoint } from './flow-cursor.ts';
export { createFlowExecutor, type FlowExecutorOptions } from './flow-executor.ts';
export { assertSameRequest, eventRunId, idempotentRunId, newRunId } from './ids.ts';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  type ResolvedRetryPolicy,
  resolveRetryPolicy,
} from './retry-policy.ts';
export { isFinished, isWaiting, type RunEvent, type RunState, transition } from './run-state.ts';
export { countStats, emptyFlowStats, type FlowStats } from './run-stats.ts';
export type { RedactorSource, ValueRedactor } from './step-redaction.ts';
