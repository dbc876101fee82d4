import { Alert, Card, Table, Tag, Typography } from 'antd';
import { api } from '../api/client.ts';
import { PageState } from '../components/page-state.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';

interface StatusTotals {
  count: number;
  sourceAmount: string;
  targetAmount: string;
  sourceMissing: number;
  targetMissing: number;
}

/** The server's reconciliation answer (`GET /syncs/:id/ledger/reconciliation`). */
export interface ReconciliationView {
  reconcile: { sourceAmount: string; targetAmount: string } | null;
  statuses?: Record<string, StatusTotals>;
  counts?: Record<string, number>;
  balanced?: boolean | null;
  mismatches?: Array<{ sourceKey: string; sourceAmount: string | null; targetAmount: string | null }>;
  errorCount?: number;
}

/** Counts and exact amount totals per ledger status, source vs target, with the balance of written records. */
export function SyncReconciliation({ id, version }: { id: string; version: number }) {
  const { t } = useI18n();
  const state = useLoad(
    () => api<ReconciliationView>('GET', `/syncs/${encodeURIComponent(id)}/ledger/reconciliation`),
    [id, version],
  );
  return (
    <Card
      size="small"
      title={t('syncs.reconciliation')}
      style={{ marginBottom: 16 }}
      data-testid="reconciliation"
    >
      <PageState state={state}>
        {(r) =>
          r.reconcile === null || !r.statuses ? (
            <Typography.Text type="secondary" data-testid="reconcile-undeclared">
              {t('syncs.reconcileUndeclared')}
            </Typography.Text>
          ) : (
            <>
              <div style={{ marginBottom: 8 }}>
                <Tag
                  color={r.balanced === false ? 'red' : r.balanced ? 'green' : 'default'}
                  data-testid="reconcile-balanced"
                  data-balanced={String(r.balanced)}
                >
                  {r.balanced === null
                    ? t('syncs.noneWritten')
                    : r.balanced
                      ? t('syncs.balanced')
                      : t('syncs.unbalanced')}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('syncs.sourceAmount')}: <code>{r.reconcile.sourceAmount}</code> ·{' '}
                  {t('syncs.targetAmount')}: <code>{r.reconcile.targetAmount}</code>
                </Typography.Text>
              </div>
              <Table
                size="small"
                pagination={false}
                rowKey="status"
                dataSource={Object.entries(r.statuses)
                  .filter(([, v]) => v.count > 0)
                  .map(([status, v]) => ({ status, ...v }))}
                onRow={(row) =>
                  ({ 'data-testid': `reconcile-${row.status}` }) as React.HTMLAttributes<HTMLElement>
                }
                columns={[
                  {
                    title: t('runs.status'),
                    dataIndex: 'status',
                    render: (s: string) => t(`status.${s}` as MessageKey),
                  },
                  { title: t('syncs.count'), dataIndex: 'count' },
                  { title: t('syncs.sourceAmount'), dataIndex: 'sourceAmount', className: 'amount-source' },
                  { title: t('syncs.targetAmount'), dataIndex: 'targetAmount', className: 'amount-target' },
                ]}
              />
              {(r.mismatches?.length ?? 0) > 0 && (
                <Alert
                  type="warning"
                  style={{ marginTop: 8 }}
                  title={r.mismatches
                    ?.map((m) => `${m.sourceKey}: ${m.sourceAmount ?? '—'} ≠ ${m.targetAmount ?? '—'}`)
                    .join('; ')}
                />
              )}
            </>
          )
        }
      </PageState>
    </Card>
  );
}
