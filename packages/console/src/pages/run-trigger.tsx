import { Tag, Typography } from 'antd';
import { Link } from '../components/link.tsx';
import { fmtTime } from '../components/status-tag.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** What started a run, as the run page shows it: the trigger type and its one telling detail. */
export interface TriggerSummary {
  type: string;
  /** A backfill's range, a schedule's slot (epoch ms). */
  from?: number;
  to?: number;
  at?: number;
  /** Who started a manual run or a backfill. */
  by?: string;
  /** Records a callback named, or the ledger keys a retry of failed records named (none: every failed one). */
  items?: number;
  /** The failed run an alert run tells of (`runFailed`). */
  failed?: { id: string; flowId: string };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A form-fired run's trigger: the record's fields at the top plus `formId` and `event` (no `type`: a field may be called so). */
function isFormTrigger(trigger: Record<string, unknown>): boolean {
  return typeof trigger.formId === 'string' && (trigger.event === 'created' || trigger.event === 'updated');
}

/**
 * Reads a run's stored trigger (`{type, …}`, or a form record's fields with `formId` and `event`); a
 * trigger without a type was a manual run's input.
 */
export function summarizeTrigger(trigger: unknown): TriggerSummary {
  if (isRecord(trigger) && isFormTrigger(trigger)) return { type: 'form' };
  if (!isRecord(trigger) || typeof trigger.type !== 'string') return { type: 'manual' };
  const out: TriggerSummary = { type: trigger.type };
  if (typeof trigger.from === 'number') out.from = trigger.from;
  if (typeof trigger.to === 'number') out.to = trigger.to;
  if (typeof trigger.slot === 'number') out.at = trigger.slot;
  if (typeof trigger.by === 'string') out.by = trigger.by;
  if (Array.isArray(trigger.items)) out.items = trigger.items.length;
  if (trigger.type === 'retryFailed' && Array.isArray(trigger.keys)) out.items = trigger.keys.length;
  const run = trigger.run;
  if (trigger.type === 'runFailed' && isRecord(run) && typeof run.id === 'string')
    out.failed = { id: run.id, flowId: typeof run.flowId === 'string' ? run.flowId : '' };
  return out;
}

/** Every trigger type the server stores on a run (src/triggers, src/sync/retry-failed.ts, the backfill route). */
export const KNOWN_TRIGGERS = new Set([
  'manual',
  'schedule',
  'webhook',
  'form',
  'callback',
  'backfill',
  'runFailed',
  'retryFailed',
]);

/** The run page's trigger: type tag, then the range, slot, records, the failed run an alert tells of, or who started it. */
export function RunTrigger({ trigger }: { trigger: unknown }) {
  const { t } = useI18n();
  const s = summarizeTrigger(trigger);
  const label = KNOWN_TRIGGERS.has(s.type) ? t(`trigger.${s.type}` as 'trigger.manual') : s.type;
  return (
    <span data-testid="run-trigger" data-type={s.type}>
      <Tag>{label}</Tag>
      {s.from !== undefined && s.to !== undefined && (
        <Typography.Text data-testid="run-trigger-range">
          {fmtTime(s.from)} → {fmtTime(s.to)}
        </Typography.Text>
      )}
      {s.from === undefined && s.at !== undefined && <Typography.Text>{fmtTime(s.at)}</Typography.Text>}
      {s.items !== undefined && <Typography.Text>{t('runs.triggerItems', { n: s.items })}</Typography.Text>}
      {s.failed && (
        <Link to={`/runs/${encodeURIComponent(s.failed.id)}`} testId="run-trigger-failed">
          {t('runs.failedRun', { run: s.failed.id, flow: s.failed.flowId })}
        </Link>
      )}
      {s.by && <Typography.Text type="secondary"> · {s.by}</Typography.Text>}
    </span>
  );
}
