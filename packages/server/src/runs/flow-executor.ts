import type { Exchange } from '../connectors/kit/gateway.ts';
import type { FlowDefinition, StepDefinition } from '../definitions/flow-schema.ts';
import { bilingual, QiaoError, type StructuredError, toStructuredError } from '../errors/index.ts';
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
import { countStats, type FlowStats, statsJson } from './run-stats.ts';
import { type RedactorSource, runRedactor, type ValueRedactor } from './step-redaction.ts';

/** Options of the action-flow executor. */
export interface FlowExecutorOptions {
  evaluator?: StepEvaluator;
  /** Most calls in flight per connection in this process (default 8). */
  perConnection?: number;
  /** Told when a `respond` step sets the webhook response. */
  onResponse?: (runId: string, response: { status: number; body: JsonValue }) => void;
  /** Redactors of connections (the gateway's `redactorFor`): step records and run outputs of flows with calls are masked. */
  redactorFor?: RedactorSource;
}

/** Creates the executor of action flows: one step at a time, a checkpoint after each. */
export function createFlowExecutor(options: FlowExecutorOptions = {}): RunExecutor {
  const evaluator = options.evaluator ?? createStepEvaluator();
  const connections = new KeyedSemaphore(options.perConnection ?? 8);
  return async (run, ctx) => {
    const flow = ctx.definition as unknown as FlowDefinition;
    let cp = loadCheckpoint(flow, run.checkpoint);
    let attempt = run.attempt;
    const redactor = () => runRedactor(options.redactorFor, flow, cp);
    if (run.checkpoint !== null && attempt > 1 && (await closeInterruptedAttempt(run, ctx, cp.seq - 1)))
      cp = { ...cp, stats: countStats(cp.stats, { failed: 1 }) };
    for (;;) {
      if (ctx.signal.aborted) return { status: 'interrupted' };
      const position = currentStep(flow, cp);
      if (!position) {
        const output = masked(await redactor(), cp.last);
        return {
          status: 'succeeded',
          output,
          checkpoint: cp as unknown as JsonValue,
          stats: statsJson(cp.stats),
        };
      }
      const report = newReport(cp.seq, position.path, attempt, ctx.clock.now());
      const step = position.step;
      const s: StepRun = { flow, cp, step, report, exchanges: [], evaluator, connections, stats: cp.stats };
      let result: StepResult | null;
      try {
        result = await runStep(run, ctx, s);
      } catch (error) {
        if (error instanceof RunInterrupted) throw error;
        if (ctx.cancelSignal.aborted) return { status: 'interrupted' };
        cp = { ...cp, seq: cp.seq + 1, stats: countStats(s.stats, { failed: 1 }) };
        const redact = await redactor();
        const structured = masked(redact, toStructuredError(error, attempt) as unknown as JsonValue);
        const failed = { status: 'failed', error: structured } as Partial<StepReport>;
        await ctx.recordStep(finish(ctx, report, s.exchanges, failed, redact));
        return {
          status: 'step-failed',
          error: structured as unknown as StructuredError,
          attempt,
          policy: resolveRetryPolicy(step.retry, flow.retry),
          checkpoint: cp as unknown as JsonValue,
          stats: statsJson(cp.stats),
        };
      }
      const done = report.status === 'skipped' ? { skipped: 1 } : { steps: 1 };
      cp = advance(flow, { ...cp, stats: countStats(s.stats, done) }, result);
      await ctx.recordStep(finish(ctx, report, s.exchanges, {}, await redactor()));
      await ctx.checkpoint(cp as unknown as JsonValue, {
        durable: !isPureStep(step),
        stats: statsJson(cp.stats),
      });
      if (result?.kind === 'value' && result.response) options.onResponse?.(run.id, result.response);
      attempt = 1;
    }
  };
}

function masked(redact: ValueRedactor | undefined, value: JsonValue): JsonValue {
  return redact ? redact(value) : value;
}

/**
 * A worker that died mid-call left that attempt `running`; on resume it is closed as failed with
 * CONNECTOR_UNCERTAIN_WRITE (the request may have reached the system), before the next attempt.
 */
async function closeInterruptedAttempt(run: RunRecord, ctx: ExecutorContext, seq: number): Promise<boolean> {
  if (seq < 0) return false;
  const previous = (await ctx.store.steps.list(run.id)).find((step) => step.seq === seq);
  if (previous?.status !== 'running') return false;
  const error = new QiaoError(
    'CONNECTOR_UNCERTAIN_WRITE',
    bilingual(
      '执行进程中断，这次调用的结果未知（请求可能已到达目标系统）',
      'the process running it stopped, so the outcome of this call is unknown (the request may have reached the target system)',
    ),
  );
  const { runId: _runId, ...report } = previous;
  await ctx.recordStep({
    ...report,
    status: 'failed',
    error: error.toStructured(previous.attempt),
    finishedAt: ctx.clock.now(),
  });
  return true;
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
  /** The run's counters; the attempt is counted once it runs (a skipped step is not an attempt). */
  stats: FlowStats | undefined;
}

/** Runs one step (or skips it on a false `when`); fills the report's input/output/status. */
async function runStep(run: RunRecord, ctx: ExecutorContext, s: StepRun): Promise<StepResult | null> {
  const scope = scopeAt(s.flow, s.cp, run.trigger);
  if (s.step.when !== undefined && !(await s.evaluator.evaluate(s.step.when, scope))) {
    s.report.status = 'skipped';
    return null;
  }
  const isCall = s.step.type === 'call';
  s.stats = countStats(s.stats, { attempts: 1, calls: isCall ? 1 : 0 });
  if (isCall) {
    // Before an outside call: the `running` record and a checkpoint past its seq, so a crash leaves
    // this attempt visible and the resumed one is the next attempt with its own record (counted already).
    await ctx.recordStep({ ...s.report });
    await ctx.checkpoint({ ...s.cp, seq: s.cp.seq + 1, stats: s.stats } as unknown as JsonValue, {
      attempt: s.report.attempt + 1,
      stats: statsJson(s.stats),
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
    onInput: (input) => {
      s.report.input = input;
    },
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

/** The finished record: exchanges (already redacted by the gateway), time, and input/output/error masked. */
function finish(
  ctx: ExecutorContext,
  report: StepReport,
  exchanges: Exchange[],
  patch: Partial<StepReport>,
  redact: ValueRedactor | undefined,
): StepReport {
  const out: StepReport = {
    ...report,
    ...patch,
    exchanges: exchanges.length > 0 ? (exchanges as unknown as JsonValue) : null,
    finishedAt: ctx.clock.now(),
  };
  if (!redact) return out;
  out.input = redact(out.input);
  out.output = redact(out.output);
  if (out.error) out.error = redact(out.error as unknown as JsonValue) as unknown as StructuredError;
  return out;
}
