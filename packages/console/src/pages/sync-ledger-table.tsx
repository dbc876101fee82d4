import { Button, Col, Row, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { JsonBlock } from '../components/page-state.tsx';
import { fmtTime, StatusTag } from '../components/status-tag.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { isAdoptedNote, LEDGER_ORDERS, type LedgerOrder } from './sync-ledger-model.ts';

/** One ledger entry of a sync, as `GET /syncs/{id}/ledger` lists it. */
export interface LedgerRow {
  sourceKey: string;
  status: string;
  targetNumber: string | null;
  targetId: string | null;
  attempts: number;
  lastError: { message?: string } | null;
  writeBack: string;
  runId: string | null;
  updatedAt?: number;
  payload?: unknown;
  source?: unknown;
}

/** The ledger's order: newest first (records first read last at the top) or by source key. */
export function LedgerOrderSwitch({
  value,
  onChange,
}: {
  value: LedgerOrder;
  onChange: (order: LedgerOrder) => void;
}) {
  const { t } = useI18n();
  const labels = { newest: t('syncs.ledgerOrderNewest'), key: t('syncs.ledgerOrderKey') };
  return (
    <Segmented
      value={value}
      onChange={(v) => onChange(v as LedgerOrder)}
      title={t('syncs.ledgerOrderHint')}
      data-testid="ledger-order"
      options={LEDGER_ORDERS.map((order) => ({
        value: order,
        label: <span data-testid={`ledger-order-${order}`}>{labels[order]}</span>,
      }))}
    />
  );
}

/**
 * The ledger table of a sync: status, bill number, write-back, error; failed rows selectable for retry,
 * rows expand to source and payload. With `more`, a footer loads the server's next page (加载更多).
 */
export function LedgerTable({
  rows,
  selected,
  onSelect,
  more,
}: {
  rows: LedgerRow[];
  selected: string[];
  onSelect: (keys: string[]) => void;
  more?: { load: () => void; loading: boolean };
}) {
  const { t } = useI18n();
  return (
    <Table
      rowKey="sourceKey"
      size="small"
      dataSource={rows}
      footer={
        more &&
        (() => (
          <Space>
            <Typography.Text type="secondary">{t('syncs.ledgerLoaded', { n: rows.length })}</Typography.Text>
            <Button size="small" loading={more.loading} onClick={more.load} data-testid="ledger-more">
              {t('syncs.ledgerMore')}
            </Button>
          </Space>
        ))
      }
      rowSelection={{
        selectedRowKeys: selected,
        onChange: (k) => onSelect(k.map(String)),
        getCheckboxProps: (r) =>
          ({
            disabled: r.status !== 'failed',
            'data-testid': `select-${r.sourceKey}`,
          }) as never,
      }}
      expandable={{
        expandedRowRender: (r) => (
          <Row gutter={12}>
            <Col span={12}>
              <Typography.Text strong>{t('syncs.source')}</Typography.Text>
              <JsonBlock value={r.source} />
            </Col>
            <Col span={12}>
              <Typography.Text strong>{t('syncs.payload')}</Typography.Text>
              {r.payload === null || r.payload === undefined ? (
                <Typography.Paragraph type="secondary" data-testid={`ledger-no-payload-${r.sourceKey}`}>
                  {r.status === 'skipped' ? t('syncs.payloadSkipped') : t('syncs.payloadNone')}
                </Typography.Paragraph>
              ) : (
                <JsonBlock value={r.payload} />
              )}
            </Col>
          </Row>
        ),
      }}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        {
          title: t('syncs.sourceKey'),
          dataIndex: 'sourceKey',
          render: (k: string) => <code data-testid={`ledger-${k}`}>{k}</code>,
        },
        {
          title: t('runs.status'),
          dataIndex: 'status',
          render: (s: string) => <StatusTag status={s} />,
        },
        {
          title: t('syncs.targetNumber'),
          dataIndex: 'targetNumber',
          render: (n: string | null) => n ?? '—',
        },
        {
          title: t('syncs.writeBack'),
          dataIndex: 'writeBack',
          render: (s: string) => <StatusTag status={s} />,
        },
        { title: t('syncs.attempts'), dataIndex: 'attempts', width: 70 },
        {
          title: t('runs.error'),
          dataIndex: 'lastError',
          render: (e: LedgerRow['lastError'], r: LedgerRow) =>
            isAdoptedNote(e) ? (
              <Tooltip title={e?.message}>
                <Tag color="blue">{t('syncs.adopted')}</Tag>
              </Tooltip>
            ) : e ? (
              <Typography.Text type="danger" ellipsis style={{ maxWidth: 320 }}>
                {e.message ?? JSON.stringify(e)}
              </Typography.Text>
            ) : r.status === 'skipped' ? (
              <Typography.Text type="secondary">{t('syncs.skippedReason')}</Typography.Text>
            ) : (
              '—'
            ),
        },
        { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: fmtTime },
      ]}
    />
  );
}
