import { ReloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, query } from '../api/client.ts';
import type { Items, RunInfo } from '../api/types.ts';
import { EmptyState, PageState } from '../components/page-state.tsx';
import { RunId } from '../components/run-id.tsx';
import { fmtDuration, fmtTime, RunStatusTag } from '../components/status-tag.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { navigate } from '../router.ts';

const STATUSES = ['queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'];

/** Runs with filters (flow, status, time); a row opens the run's timeline. */
export function RunsPage() {
  const { t } = useI18n();
  const [flowId, setFlowId] = useState<string | undefined>(
    new URLSearchParams(location.search).get('flowId') ?? undefined,
  );
  const [status, setStatus] = useState<string>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const flows = useLoad(async () => {
    const [f, s] = await Promise.all([
      api<Items<{ id: string; name: string | null }>>('GET', '/flows'),
      api<Items<{ id: string; name: string | null }>>('GET', '/syncs'),
    ]);
    return [...f.items, ...s.items];
  });
  const state = useLoad(
    () =>
      api<Items<RunInfo>>(
        'GET',
        `/runs${query({ flowId, status, from: range?.[0]?.valueOf(), to: range?.[1]?.valueOf(), limit: 100 })}`,
      ),
    [flowId, status, range],
  );
  return (
    <div data-testid="page-runs">
      <div className="page-header">
        <h2>{t('nav.runs')}</h2>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('runs.flow')}
            style={{ width: 220 }}
            value={flowId}
            onChange={setFlowId}
            data-testid="filter-flow"
            options={(flows.data ?? []).map((f) => ({ value: f.id, label: f.name ?? f.id }))}
          />
          <Select
            allowClear
            placeholder={t('runs.status')}
            style={{ width: 140 }}
            value={status}
            onChange={setStatus}
            data-testid="filter-status"
            options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))}
          />
          <DatePicker.RangePicker showTime value={range} onChange={(v) => setRange(v as never)} />
          <Button icon={<ReloadOutlined />} onClick={state.reload}>
            {t('common.refresh')}
          </Button>
        </Space>
      </div>
      <PageState state={state}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState text={t('runs.empty')} />
          ) : (
            <Table
              rowKey="id"
              size="middle"
              dataSource={data.items}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              onRow={(r) =>
                ({
                  onClick: () => navigate(`/runs/${encodeURIComponent(r.id)}`),
                  style: { cursor: 'pointer' },
                  'data-testid': `run-row-${r.id}`,
                }) as never
              }
              columns={[
                {
                  title: t('runs.id'),
                  dataIndex: 'id',
                  render: (id: string) => <RunId id={id} />,
                },
                { title: t('runs.flow'), dataIndex: 'flowId' },
                {
                  title: t('runs.kind'),
                  render: (_, r) => t(r.flowKind === 'sync' ? 'runs.kindSync' : 'runs.kindFlow'),
                },
                {
                  title: t('runs.status'),
                  dataIndex: 'status',
                  render: (_, r) => <RunStatusTag run={r} />,
                },
                { title: t('runs.createdAt'), dataIndex: 'createdAt', render: fmtTime },
                {
                  title: t('runs.duration'),
                  render: (_, r) => fmtDuration(r.startedAt ?? r.createdAt, r.finishedAt),
                },
              ]}
            />
          )
        }
      </PageState>
    </div>
  );
}
