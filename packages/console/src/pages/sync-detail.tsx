import { DownloadOutlined, PlayCircleOutlined, RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Input, Row, Select, Space, Statistic, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { api, download, query } from '../api/client.ts';
import type { DefinitionVersion } from '../api/types.ts';
import { NotFound } from '../components/not-found.tsx';
import { EmptyState, PageState } from '../components/page-state.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { navigate } from '../router.ts';
import { openDefinition } from './definition-load.ts';
import { SyncBackfill } from './sync-backfill.tsx';
import { SyncDefinition } from './sync-definition.tsx';
import type { LedgerOrder } from './sync-ledger-model.ts';
import { LedgerOrderSwitch, LedgerTable } from './sync-ledger-table.tsx';
import { SyncReconciliation } from './sync-reconciliation.tsx';
import { useLedgerPages } from './use-ledger-pages.ts';

type Summary = Record<string, unknown> & {
  counts?: Record<string, number>;
  writeBack?: Record<string, number>;
};

/**
 * A sync's page once it is known to exist: a sync id that is not stored is a not-found page (no ledger, no
 * run or backfill buttons).
 */
export function SyncDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const head = useLoad(
    () => openDefinition(() => api<DefinitionVersion>('GET', `/syncs/${encodeURIComponent(id)}`), false),
    [id],
  );
  return (
    <PageState state={head}>
      {(opened) =>
        opened.state === 'found' ? (
          <SyncDetail id={id} />
        ) : (
          <NotFound title={t('syncs.notFound', { id })} back="/syncs" backLabel={t('syncs.backToList')} />
        )
      }
    </PageState>
  );
}

/** One sync: ledger (newest first or by source key, paged; status, bill number, error) with retry selected / all failed and CSV export, counts and reconciliation, run now, backfill a past range, its definition (form or YAML). */
function SyncDetail({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const base = `/syncs/${encodeURIComponent(id)}`;
  const [status, setStatus] = useState<string>();
  const [search, setSearch] = useState<string>();
  const [order, setOrder] = useState<LedgerOrder>('newest');
  const [selected, setSelected] = useState<string[]>([]);
  const ledger = useLedgerPages(base, { status, search, order });
  const summary = useLoad(() => api<Summary>('GET', `${base}/ledger/summary`), [id]);
  const [reconciled, setReconciled] = useState(0);
  const reload = () => {
    ledger.reload();
    summary.reload();
    setReconciled((n) => n + 1);
  };

  const run = async () => {
    try {
      const res = await api<{ runId: string }>('POST', `${base}/run`, {});
      void message.success(t('syncs.started'));
      navigate(`/runs/${encodeURIComponent(res.runId)}`);
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const retry = async (keys?: string[]) => {
    try {
      const res = await api<Record<string, unknown>>('POST', `${base}/ledger/retry`, keys ? { keys } : {});
      void message.success(t('syncs.retried'));
      setSelected([]);
      if (typeof res.runId === 'string') navigate(`/runs/${encodeURIComponent(res.runId)}`);
      else reload();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const loadMore = async () => {
    try {
      await ledger.more();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const exportLedger = async (format: 'xlsx' | 'csv') => {
    try {
      const path = `${base}/ledger/export${query({ status, q: search, lang, format })}`;
      await download(path, `${id}-ledger.${format}`);
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const counts = summary.data?.counts ?? {};

  return (
    <div data-testid="page-sync">
      <div className="page-header">
        <Space>
          <h2>{t('syncs.title')}</h2>
          <Tag>{id}</Tag>
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
          <SyncBackfill id={id} />
          <Button type="primary" icon={<PlayCircleOutlined />} onClick={run} data-testid="sync-run">
            {t('flows.runNow')}
          </Button>
        </Space>
      </div>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {['written', 'failed', 'pending', 'skipped'].map((s) => (
          <Col span={6} key={s}>
            <Card className="stat-card">
              <Statistic
                title={t(`status.${s}` as MessageKey)}
                value={counts[s] ?? 0}
                valueStyle={s === 'failed' && counts[s] ? { color: '#cf1322' } : undefined}
                data-testid={`count-${s}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <SyncReconciliation id={id} version={reconciled} />
      <Tabs
        items={[
          {
            key: 'ledger',
            label: t('syncs.ledger'),
            children: (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  <LedgerOrderSwitch value={order} onChange={setOrder} />
                  <Select
                    allowClear
                    placeholder={t('runs.status')}
                    style={{ width: 160 }}
                    value={status}
                    onChange={setStatus}
                    data-testid="ledger-status"
                    options={['pending', 'writing', 'written', 'failed', 'skipped'].map((s) => ({
                      value: s,
                      label: t(`status.${s}` as MessageKey),
                    }))}
                  />
                  <Input.Search
                    allowClear
                    placeholder={t('syncs.searchLedger')}
                    style={{ width: 260 }}
                    onSearch={(value) => setSearch(value.trim() || undefined)}
                    data-testid="ledger-search"
                  />
                  <Button
                    icon={<RedoOutlined />}
                    disabled={!selected.length}
                    onClick={() => retry(selected)}
                    data-testid="retry-selected"
                  >
                    {t('syncs.retrySelected', { n: selected.length })}
                  </Button>
                  <Button
                    danger
                    icon={<RedoOutlined />}
                    disabled={!counts.failed}
                    onClick={() => retry()}
                    data-testid="retry-all"
                  >
                    {t('syncs.retryAll')}
                  </Button>
                  <Button
                    icon={<DownloadOutlined />}
                    onClick={() => exportLedger('xlsx')}
                    title={t('syncs.exportXlsxHint')}
                    data-testid="ledger-export-xlsx"
                  >
                    {t('syncs.exportXlsx')}
                  </Button>
                  <Button
                    icon={<DownloadOutlined />}
                    onClick={() => exportLedger('csv')}
                    data-testid="ledger-export"
                  >
                    {t('syncs.exportCsv')}
                  </Button>
                </Space>
                <PageState state={ledger}>
                  {(data) =>
                    data.items.length === 0 ? (
                      <EmptyState text={t('syncs.emptyLedger')} />
                    ) : (
                      <LedgerTable
                        // A new view starts on the table's first page.
                        key={`${order}|${status ?? ''}|${search ?? ''}`}
                        rows={data.items}
                        selected={selected}
                        onSelect={setSelected}
                        more={data.next ? { load: loadMore, loading: ledger.loadingMore } : undefined}
                      />
                    )
                  }
                </PageState>
              </>
            ),
          },
          {
            key: 'definition',
            label: <span data-testid="sync-definition-tab">{t('syncs.definitionTab')}</span>,
            children: <SyncDefinition id={id} />,
          },
        ]}
      />
    </div>
  );
}
