import { Card, Col, Row, Statistic, Table, Tooltip, Typography } from 'antd';
import { api } from '../api/client.ts';
import type { DefinitionHead, Items, RunInfo } from '../api/types.ts';
import { EmptyState, PageState } from '../components/page-state.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';
import { runsPerFlow, runTotals } from './dashboard-stats.ts';

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

/** The dashboard: runs per flow, failures, sync runs with failed records, records moved, throughput. */
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
          const totals = runTotals(runs, Date.now());
          const max = Math.max(1, ...stats.map((s) => s.runs));
          return (
            <>
              <Row gutter={16} style={{ marginBottom: 16 }}>
                <Col flex="1">
                  <Card className="stat-card">
                    <Statistic title={t('dash.runs')} value={totals.runs} />
                  </Card>
                </Col>
                <Col flex="1">
                  <Card className="stat-card">
                    <Statistic
                      title={t('dash.failures')}
                      value={totals.failed}
                      valueStyle={{ color: totals.failed ? '#cf1322' : undefined }}
                      data-testid="dash-failed"
                    />
                  </Card>
                </Col>
                <Col flex="1">
                  <Card className="stat-card">
                    <Tooltip title={t('dash.partialHint')}>
                      <div>
                        <Statistic
                          title={t('dash.partial')}
                          value={totals.partial}
                          valueStyle={{ color: totals.partial ? '#d46b08' : undefined }}
                          data-testid="dash-partial"
                        />
                      </div>
                    </Tooltip>
                  </Card>
                </Col>
                <Col flex="1">
                  <Card className="stat-card">
                    <Statistic title={t('dash.moved')} value={moved} />
                  </Card>
                </Col>
                <Col flex="1">
                  <Card className="stat-card">
                    <Statistic
                      title={t('dash.throughput')}
                      value={totals.lastHour}
                      suffix={t('dash.perHour')}
                    />
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
                        title: t('dash.partialShort'),
                        dataIndex: 'partial',
                        width: 110,
                        render: (n: number) =>
                          n ? <Typography.Text style={{ color: '#d46b08' }}>{n}</Typography.Text> : n,
                      },
                      {
                        title: '',
                        render: (_, r) => (
                          <div style={{ display: 'flex', gap: 2 }}>
                            <div className="bar" style={{ width: `${(r.succeeded / max) * 200}px` }} />
                            <div className="bar partial" style={{ width: `${(r.partial / max) * 200}px` }} />
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
