import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Descriptions, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { api } from '../api/client.ts';
import type { RunInfo, StepInfo } from '../api/types.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Link } from '../components/link.tsx';
import { NotFound } from '../components/not-found.tsx';
import { EmptyState, JsonBlock, PageState } from '../components/page-state.tsx';
import { RunId } from '../components/run-id.tsx';
import { failedRecordsOf, runDisplayStatus } from '../components/run-status.ts';
import { fmtDuration, fmtTime, RunStatusTag, StatusTag } from '../components/status-tag.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';
import { isNotFound } from './definition-load.ts';
import { syncRunCounts } from './run-counts.ts';
import { RunTrigger } from './run-trigger.tsx';

const LIVE = new Set(['queued', 'running', 'retrying', 'pending']);

function exchangesOf(step: StepInfo): Array<{ request?: unknown; response?: unknown }> {
  if (Array.isArray(step.exchanges))
    return step.exchanges as Array<{ request?: unknown; response?: unknown }>;
  return step.request || step.response ? [{ request: step.request, response: step.response }] : [];
}

/** One run: its status and the timeline of steps with input, request, response, output, error and timing; retry. */
export function RunDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  // null: no run has this id (a not-found page rather than a load error).
  const state = useLoad(
    () =>
      api<RunInfo>('GET', `/runs/${encodeURIComponent(id)}`).catch((e: unknown) => {
        if (isNotFound(e)) return null;
        throw e;
      }),
    [id],
  );
  const live = state.data && LIVE.has(state.data.status);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(state.reload, 800);
    return () => clearInterval(timer);
  }, [live, state.reload]);

  const retry = async (fromStep?: string) => {
    try {
      const res = await api<{ runId?: string; id?: string }>(
        'POST',
        `/runs/${encodeURIComponent(id)}/retry`,
        fromStep ? { fromStep } : {},
      );
      const next = res.runId ?? res.id;
      void message.success(t('runs.retried'));
      if (next && next !== id) navigate(`/runs/${encodeURIComponent(next)}`);
      else state.reload();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  return (
    <div data-testid="page-run">
      <PageState state={state}>
        {(run) => {
          if (run === null)
            return (
              <NotFound title={t('runs.notFound', { id })} back="/runs" backLabel={t('runs.backToList')} />
            );
          const steps = (run.steps ?? []) as StepInfo[];
          const failed = steps.find((s) => s.status === 'failed');
          const counts = syncRunCounts(run.stats);
          const partial = failedRecordsOf(run);
          return (
            <>
              <div className="page-header">
                <Space>
                  <h2>{t('runs.title')}</h2>
                  <RunId id={run.id} />
                  <RunStatusTag run={run} />
                </Space>
                <Space>
                  <Button icon={<ReloadOutlined />} onClick={state.reload}>
                    {t('common.refresh')}
                  </Button>
                  {run.status === 'failed' && failed && (
                    <Button
                      icon={<RedoOutlined />}
                      onClick={() => retry(String(failed.path ?? failed.stepId))}
                      data-testid="retry-from-step"
                    >
                      {t('runs.retryFrom', { step: String(failed.path ?? failed.stepId) })}
                    </Button>
                  )}
                  {(run.status === 'failed' || run.status === 'cancelled') && (
                    <Button
                      type="primary"
                      icon={<RedoOutlined />}
                      onClick={() => retry()}
                      data-testid="retry-run"
                    >
                      {t('runs.retry')}
                    </Button>
                  )}
                </Space>
              </div>
              <Card style={{ marginBottom: 16 }}>
                <Descriptions size="small" column={4}>
                  <Descriptions.Item label={run.flowKind === 'sync' ? t('runs.sync') : t('runs.flow')}>
                    <Link
                      to={`/${run.flowKind === 'sync' ? 'syncs' : 'flows'}/${encodeURIComponent(String(run.flowId))}`}
                    >
                      {String(run.flowId)}
                    </Link>{' '}
                    <Tag>v{String(run.flowVersion ?? '')}</Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('flows.triggerType')}>
                    <RunTrigger trigger={run.trigger} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('runs.createdAt')}>{fmtTime(run.createdAt)}</Descriptions.Item>
                  {/* A queued or waiting run has not started: no start time rather than its creation. */}
                  <Descriptions.Item label={t('runs.startedAt')}>{fmtTime(run.startedAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('runs.duration')}>
                    {fmtDuration(run.startedAt ?? run.createdAt, run.finishedAt)}
                  </Descriptions.Item>
                </Descriptions>
                {runDisplayStatus(run) === 'waiting' && (
                  <Typography.Paragraph type="warning" data-testid="run-waiting">
                    {t('runs.waitingSince', { since: fmtTime(run.waitingSince) })}
                  </Typography.Paragraph>
                )}
                {run.error ? (
                  <div style={{ marginBottom: 12 }}>
                    <ErrorSummary error={run.error} testId="run-error" />
                  </div>
                ) : null}
                {partial > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    data-testid="run-partial"
                    title={t('runs.partialAlert', { n: partial })}
                    action={
                      <Link
                        to={`/syncs/${encodeURIComponent(String(run.flowId))}`}
                        testId="run-partial-ledger"
                      >
                        {t('runs.openLedger')}
                      </Link>
                    }
                  />
                )}
                {counts.length > 0 && (
                  // A block of its own (Space is inline-flex): the output's title starts on the next line.
                  <Space wrap size="large" className="run-counts" data-testid="run-counts">
                    {counts.map((c) => (
                      <Statistic
                        key={c.key}
                        title={t(c.label)}
                        value={c.value}
                        data-testid={`run-count-${c.key}`}
                      />
                    ))}
                  </Space>
                )}
                {run.output !== undefined && run.output !== null && (
                  <div>
                    <Typography.Text strong>{t('runs.output')}</Typography.Text>
                    <JsonBlock value={run.output} testId="run-output" />
                  </div>
                )}
              </Card>
              <Card title={t('runs.timeline')}>
                {steps.length === 0 ? (
                  <EmptyState text={t('runs.noSteps')} />
                ) : (
                  <Collapse
                    defaultActiveKey={failed ? [String(steps.indexOf(failed))] : []}
                    items={steps.map((s, i) => ({
                      key: String(i),
                      label: (
                        <Space data-testid={`step-${String(s.path ?? s.stepId)}`}>
                          <StatusTag status={s.status} />
                          <strong>{String(s.path ?? s.stepId ?? s.id)}</strong>
                          {Number(s.attempt ?? 1) > 1 && (
                            <Tag>{t('runs.attempt', { n: Number(s.attempt) })}</Tag>
                          )}
                          <Typography.Text type="secondary">
                            {fmtDuration(s.startedAt, s.finishedAt)}
                          </Typography.Text>
                        </Space>
                      ),
                      children: <StepBody step={s} />,
                    }))}
                  />
                )}
              </Card>
            </>
          );
        }}
      </PageState>
    </div>
  );
}

function StepBody({ step }: { step: StepInfo }) {
  const { t } = useI18n();
  const exchanges = exchangesOf(step);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('runs.input')}</Typography.Text>
      <JsonBlock value={step.input} />
      {exchanges.map((x, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: exchanges have no id and never reorder
        <div key={i}>
          <Typography.Text strong>
            {t('runs.request')} #{i + 1}
          </Typography.Text>
          <JsonBlock value={x.request} />
          <Typography.Text strong>
            {t('runs.response')} #{i + 1}
          </Typography.Text>
          <JsonBlock value={x.response} />
        </div>
      ))}
      <Typography.Text strong>{t('runs.output')}</Typography.Text>
      <JsonBlock value={step.output} testId="step-output" />
      {step.error ? <ErrorSummary error={step.error} testId="step-error" /> : null}
    </Space>
  );
}
