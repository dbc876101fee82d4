import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { api } from '../api/client.ts';
import type { DefinitionHead, Items, RunInfo } from '../api/types.ts';
import { EmptyState, PageState } from '../components/page-state.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';
import { runsPerFlow } from './dashboard-stats.ts';

async function loadDashboard() {
  const [runs, syncs] = await Promise.all([
    api<Items<RunInfo>>('GET', '/runs?limit=200'),
    api<Items<DefinitionHead>>('GET', '/syncs'),
  ]);
  const summaries = await Promise.all(
    syncs.items.map((s) =>
      api<{ counts?: Record<string, number> }>(
        'GET',
        `/syncs/${encodeURIComponent(s.id)}/ledger/summary`,
      ).catch(() => ({ counts: {} as Record<string, number> })),
    ),
  );
  const moved = summaries.reduce((sum, s) => sum + (s.counts?.written ?? s.counts?.done ?? 0), 0);
  return { runs: runs.items, moved };
}

/** The dashboard: runs per flow, failures, records moved, throughput. */
export function DashboardPage() {
  const { t } = useI18n();
  const state = useLoad(loadDashboard);
  return (
    <div data-testid="page-dashboard">
      <div className="page-header">
        <h2>{t('nav.dashboard')}</h2>
      </div>
      <PageState state={state}>
        {({ runs, moved }) => {
          const stats = runsPerFlow(runs);
          const failed = runs.filter((r) => r.status === 'failed').length;
          const hourAgo = Date.now() - 3600_000;
          const lastHour = runs.filter((r) => (r.createdAt ?? 0) >= hourAgo).length;
          const max = Math.max(1, ...stats.map((s) => s.runs));
          return (
            <>
              <Row gutter={16} style={{ marginBottom: 16 }}>
                <Col span={6}>
                  <Card className="stat-card">
                    <Statistic title={t('dash.runs')} value={runs.length} />
                  </Card>
                </Col>
                <Col span={6}>
                  <Card className="stat-card">
                    <Statistic
                      title={t('dash.failures')}
                      value={failed}
                      valueStyle={{ color: failed ? '#cf1322' : undefined }}
                    />
                  </Card>
                </Col>
                <Col span={6}>
                  <Card className="stat-card">
                    <Statistic title={t('dash.moved')} value={moved} />
                  </Card>
                </Col>
                <Col span={6}>
                  <Card className="stat-card">
                    <Statistic title={t('dash.throughput')} value={lastHour} suffix={t('dash.perHour')} />
                  </Card>
                </Col>
              </Row>
              <Card title={t('dash.perFlow')}>
                {stats.length === 0 ? (
                  <EmptyState text={t('dash.empty')} />
                ) : (
                  <Table
                    rowKey="flowId"
                    size="small"
                    pagination={false}
                    dataSource={stats}
                    onRow={(r) => ({
                      onClick: () => navigate(`/runs?flowId=${encodeURIComponent(r.flowId)}`),
                    })}
                    columns={[
                      { title: t('runs.flow'), dataIndex: 'flowId' },
                      { title: t('dash.runs'), dataIndex: 'runs', width: 90 },
                      { title: t('dash.failures'), dataIndex: 'failed', width: 90 },
                      {
                        title: '',
                        render: (_, r) => (
                          <div style={{ display: 'flex', gap: 2 }}>
                            <div className="bar" style={{ width: `${(r.succeeded / max) * 200}px` }} />
                            <div className="bar fail" style={{ width: `${(r.failed / max) * 200}px` }} />
                          </div>
                        ),
                      },
                    ]}
                  />
                )}
                <Typography.Text type="secondary">{t('dash.window')}</Typography.Text>
              </Card>
            </>
          );
        }}
      </PageState>
    </div>
  );
}
