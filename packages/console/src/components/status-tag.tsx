import { Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { failedRecordsOf, type RunLike, runDisplayStatus } from './run-status.ts';

const COLORS: Record<string, string> = {
  succeeded: 'success',
  done: 'success',
  written: 'success',
  ok: 'success',
  failed: 'error',
  error: 'error',
  running: 'processing',
  pending: 'default',
  new: 'blue',
  queued: 'default',
  waiting: 'warning',
  partial: 'orange',
  retrying: 'warning',
  cancelled: 'default',
  skipped: 'default',
};

/** A coloured, translated status label (unknown statuses are shown as they are). */
export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `status.${status}` as MessageKey;
  const label = t(key);
  return (
    <Tag color={COLORS[status] ?? 'default'} data-status={status}>
      {label === key ? status : label}
    </Tag>
  );
}

/**
 * A run's status tag: 等待中 / Waiting (with why, on hover) while it waits for its flow's slot; a sync run that
 * finished with records that failed to write is 部分失败（N 条失败）/ Completed with N failed, in orange, with
 * where they are on hover (the ledger). Its `data-status` stays the run's own (`succeeded`), with
 * `data-outcome="partial"` and `data-failed` (`runDisplayStatus`, `failedRecordsOf`).
 */
export function RunStatusTag({ run }: { run: RunLike }) {
  const { t } = useI18n();
  const status = runDisplayStatus(run);
  if (status === 'partial') {
    const n = failedRecordsOf(run);
    return (
      <Tooltip title={t('runs.partialHint', { n })}>
        <Tag color={COLORS.partial} data-status={run.status} data-outcome="partial" data-failed={n}>
          {t('runs.partial', { n })}
        </Tag>
      </Tooltip>
    );
  }
  if (status !== 'waiting') return <StatusTag status={status} />;
  return (
    <Tooltip title={t('runs.waitingFor')}>
      <span>
        <StatusTag status={status} />
      </span>
    </Tooltip>
  );
}

/** Formats an epoch-ms time in the local zone (— when absent). */
export function fmtTime(ms: number | null | undefined): string {
  if (!ms) return '—';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The duration between two epoch-ms times, in ms or s. */
export function fmtDuration(from: number | null | undefined, to: number | null | undefined): string {
  if (!from || !to) return '—';
  const ms = to - from;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}
