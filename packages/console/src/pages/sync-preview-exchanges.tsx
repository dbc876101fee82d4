import { Col, Collapse, Row, Table, Tag, Typography } from 'antd';
import type { SyncPreviewExchange } from '../api/types.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { JsonBlock } from '../components/page-state.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { exchangeTone } from './sync-preview-model.ts';

function ExchangeDetail({ exchange }: { exchange: SyncPreviewExchange }) {
  const { t } = useI18n();
  const { request, response, error } = exchange;
  return (
    <Row gutter={12}>
      <Col span={12}>
        <Typography.Text strong>{t('syncPreview.request')}</Typography.Text>
        <JsonBlock value={{ headers: request.headers, body: request.body }} />
      </Col>
      <Col span={12}>
        <Typography.Text strong>{t('syncPreview.response')}</Typography.Text>
        {response || !error ? (
          <JsonBlock value={response ? { headers: response.headers, body: response.body } : undefined} />
        ) : (
          <ErrorSummary error={error} />
        )}
      </Col>
    </Row>
  );
}

/** Every HTTP exchange a preview made (secrets redacted by the server), collapsed; rows expand to headers and bodies. */
export function PreviewExchanges({ exchanges }: { exchanges: SyncPreviewExchange[] }) {
  const { t } = useI18n();
  const rows = exchanges.map((e, i) => ({ ...e, n: i + 1 }));
  return (
    <Collapse
      size="small"
      data-testid="sync-preview-exchanges"
      items={[
        {
          key: 'exchanges',
          label: t('syncPreview.exchanges', { n: exchanges.length }),
          children: (
            <Table
              rowKey="n"
              size="small"
              dataSource={rows}
              pagination={false}
              expandable={{ expandedRowRender: (e) => <ExchangeDetail exchange={e} /> }}
              columns={[
                { title: '#', dataIndex: 'n', width: 48 },
                {
                  title: t('syncPreview.method'),
                  key: 'method',
                  width: 80,
                  render: (_: unknown, e: SyncPreviewExchange) => <code>{e.request.method}</code>,
                },
                {
                  title: 'URL',
                  key: 'url',
                  render: (_: unknown, e: SyncPreviewExchange) => (
                    <Typography.Text ellipsis style={{ maxWidth: 560 }}>
                      {e.request.url}
                    </Typography.Text>
                  ),
                },
                {
                  title: t('syncPreview.status'),
                  key: 'status',
                  width: 110,
                  render: (_: unknown, e: SyncPreviewExchange) => (
                    <Tag color={exchangeTone(e)}>{e.response?.status ?? e.error?.code ?? '—'}</Tag>
                  ),
                },
                {
                  title: t('syncPreview.duration'),
                  dataIndex: 'durationMs',
                  width: 90,
                  render: (ms: number) => `${ms} ms`,
                },
              ]}
            />
          ),
        },
      ]}
    />
  );
}
