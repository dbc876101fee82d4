import { Cron } from 'croner';
import { isJsonObject } from '../json.ts';
import { type Diagnostic, type DiagnosticContext, type DocumentPath, diagnosticAt } from './diagnostic.ts';

/**
 * Checks values the schema cannot — cron expressions (parsed by croner), IANA time zones, a sync's
 * backfill without a watermark — on the raw value, so they are reported together with schema problems.
 */
export function checkValues(value: unknown, context: DiagnosticContext): Diagnostic[] {
  if (!isJsonObject(value)) return [];
  if (value.kind === 'flow' && isJsonObject(value.trigger) && value.trigger.type === 'schedule') {
    return checkSchedule(value.trigger, ['trigger'], context);
  }
  if (value.kind !== 'sync') return [];
  const out = isJsonObject(value.schedule) ? checkSchedule(value.schedule, ['schedule'], context) : [];
  if (isJsonObject(value.backfill)) {
    out.push(...checkSchedule(value.backfill, ['backfill'], context));
    const watermark = isJsonObject(value.source) ? value.source.watermark : undefined;
    if (watermark === undefined)
      out.push(
        diagnosticAt(
          context,
          'schema.invalid',
          ['backfill'],
          '按时间补数需要来源的水位线（source.watermark） / a backfill re-reads by time: it needs source.watermark',
        ),
      );
  }
  return out;
}

function checkSchedule(
  schedule: Record<string, unknown>,
  at: DocumentPath,
  context: DiagnosticContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { cron, timezone } = schedule;
  const cronError = typeof cron === 'string' ? cronProblem(cron) : undefined;
  if (cronError !== undefined) {
    out.push(
      diagnosticAt(
        context,
        'schema.cron',
        [...at, 'cron'],
        `cron 表达式 "${cron}" 无效（${cronError}），请用 5 或 6 段，例如 "*/10 * * * *"（每 10 分钟） / Invalid cron "${cron}": ${cronError}. Use 5 or 6 fields, e.g. "*/10 * * * *" (every 10 minutes).`,
      ),
    );
  }
  if (typeof timezone === 'string' && !isTimeZone(timezone)) {
    out.push(
      diagnosticAt(
        context,
        'schema.timezone',
        [...at, 'timezone'],
        `未知的时区 "${timezone}"，例如应写 "Asia/Shanghai" / Unknown time zone "${timezone}"; use e.g. "Asia/Shanghai".`,
      ),
    );
  }
  return out;
}

/** Why croner rejects a cron expression, or undefined when it parses. */
export function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true }).stop();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Whether the runtime knows an IANA time zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
