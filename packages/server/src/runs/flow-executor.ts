import type { Exchange } from '../connectors/kit/gateway.ts';
import type { FlowDefinition, StepDefinition } from '../definitions/flow-schema.ts';
import { QiaoError, toStructuredError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import {
  createStepEvaluator,
  executeStep,
  isPureStep,
  type StepEvaluator,
  type StepResult,
} from '../steps/index.ts';
import type { RunRecord } from '../store/port.ts';
import { KeyedSemaphore } from './concurrency.ts';
import { type ExecutorContext, type RunExecutor, RunInterrupted, type StepReport } from './executor.ts';
import {
  completeStep,
  currentStep,
  enterBranch,
  enterLoop,
  type FlowCheckpoint,
  loadCheckpoint,
  scopeAt,
} from './flow-cursor.ts';
import { resolveRetryPolicy } from './retry-policy.ts';

/** Options of the action-flow executor. */
export interface FlowExecutorOptions {
  evaluator?: StepEvaluator;
  /** Most calls in flight per connection in this process (default 8). */
  perConnection?: number;
  /** Told when a `respond` step sets the webhook response. */
  onResponse?: (runId: string, response: { status: number; body: JsonValue }) => void;
}

/** Creates the executor of action flows: one step at a time, a checkpoint after each. */
export function createFlowExecutor(options: FlowExecutorOptions = {}): RunExecutor {
  const evaluator = options.evaluator ?? createStepEvaluator();
  const connections = new KeyedSemaphore(options.perConnection ?? 8);
  return async (run, ctx) => {
    const flow = ctx.definition as unknown as FlowDefinition;
    let cp = loadCheckpoint(flow, run.checkpoint);
    let attempt = run.attempt;
    if (run.checkpoint !== null && attempt > 1) await closeInterruptedAttempt(run, ctx, cp.seq - 1);
    for (;;) {
      if (ctx.signal.aborted) return { status: 'interrupted' };
      const position = currentStep(flow, cp);
      if (!position) return { status: 'succeeded', output: cp.last, checkpoint: cp as unknown as JsonValue };
      const report = newReport(cp.seq, position.path, attempt, ctx.clock.now());
      const step = position.step;
      const exchanges: Exchange[] = [];
      let result: StepResult | null;
      try {
        result = await runStep(run, ctx, { flow, cp, step, report, exchanges, evaluator, connections });
      } catch (error) {
        if (error instanceof RunInterrupted) throw error;
        if (ctx.cancelSignal.aborted) return { status: 'interrupted' };
        const structured = toStructuredError(error, attempt);
        cp = { ...cp, seq: cp.seq + 1 };
        await ctx.recordStep(finish(ctx, report, exchanges, { status: 'failed', error: structured }));
        const policy = resolveRetryPolicy(step.retry, flow.retry);
        return {
          status: 'step-failed',
          error: structured,
          attempt,
          policy,
          checkpoint: cp as unknown as JsonValue,
        };
      }
      cp = advance(flow, cp, result);
      await ctx.recordStep(finish(ctx, report, exchanges, {}));
      await ctx.checkpoint(cp as unknown as JsonValue, { durable: !isPureStep(step) });
      if (result?.kind === 'value' && result.response) options.onResponse?.(run.id, result.response);
      attempt = 1;
    }
  };
}

/**
 * A worker that died mid-call left that attempt `running`; on resume it is closed as failed with
 * CONNECTOR_UNCERTAIN_WRITE (the request may have reached the system), before the next attempt.
 */
async function closeInterruptedAttempt(run: RunRecord, ctx: ExecutorContext, seq: number): Promise<void> {
  if (seq < 0) return;
  const previous = (await ctx.store.steps.list(run.id)).find((step) => step.seq === seq);
  if (previous?.status !== 'running') return;
  const error = new QiaoError(
    'CONNECTOR_UNCERTAIN_WRITE',
    '执行进程中断，这次调用的结果未知（请求可能已到达目标系统）',
  );
  const { runId: _runId, ...report } = previous;
  await ctx.recordStep({
    ...report,
    status: 'failed',
    error: error.toStructured(previous.attempt),
    finishedAt: ctx.clock.now(),
  });
}

function newReport(seq: number, path: string, attempt: number, now: number): StepReport {
  return {
    seq,
    path,
    status: 'running',
    attempt,
    input: null,
    output: null,
    error: null,
    exchanges: null,
    startedAt: now,
    finishedAt: null,
  };
}

interface StepRun {
  flow: FlowDefinition;
  cp: FlowCheckpoint;
  step: StepDefinition;
  report: StepReport;
  exchanges: Exchange[];
  evaluator: StepEvaluator;
  connections: KeyedSemaphore;
}

/** Runs one step (or skips it on a false `when`); fills the report's input/output/status. */
async function runStep(run: RunRecord, ctx: ExecutorContext, s: StepRun): Promise<StepResult | null> {
  const scope = scopeAt(s.flow, s.cp, run.trigger);
  if (s.step.when !== undefined && !(await s.evaluator.evaluate(s.step.when, scope))) {
    s.report.status = 'skipped';
    return null;
  }
  if (s.step.type === 'call') {
    // Before an outside call: the `running` record and a checkpoint past its seq, so a crash leaves
    // this attempt visible and the resumed one is the next attempt with its own record.
    await ctx.recordStep({ ...s.report });
    await ctx.checkpoint({ ...s.cp, seq: s.cp.seq + 1 } as unknown as JsonValue, {
      attempt: s.report.attempt + 1,
    });
  }
  const result = await executeStep(s.step, {
    scope,
    evaluator: s.evaluator,
    gateway: ctx.gateway,
    store: ctx.store,
    signal: ctx.cancelSignal,
    observe: (exchange) => s.exchanges.push(exchange),
    acquire: (connection) => s.connections.acquire(connection),
  });
  s.report.status = 'succeeded';
  s.report.input = result.input;
  s.report.output = result.output;
  return result;
}

function advance(flow: FlowDefinition, cp: FlowCheckpoint, result: StepResult | null): FlowCheckpoint {
  const base: FlowCheckpoint = { ...cp, seq: cp.seq + 1 };
  if (result === null) return completeStep(flow, base, null);
  switch (result.kind) {
    case 'branch':
      return enterBranch(flow, base, result.output, result.branch);
    case 'loop':
      return enterLoop(flow, base, result.items);
    case 'value': {
      const next = completeStep(flow, base, result.output);
      if (result.vars) next.vars = { ...next.vars, ...result.vars };
      if (result.response) next.response = result.response;
      return next;
    }
  }
}

function finish(
  ctx: ExecutorContext,
  report: StepReport,
  exchanges: Exchange[],
  patch: Partial<StepReport>,
): StepReport {
  return {
    ...report,
    ...patch,
    exchanges: exchanges.length > 0 ? (exchanges as unknown as JsonValue) : null,
    finishedAt: ctx.clock.now(),
  };
}
