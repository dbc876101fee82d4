import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Col, Row, Table, Typography } from 'antd';
import type { SyncPreviewRecord } from '../api/types.ts';
import { ErrorLine, ErrorSummary } from '../components/error-summary.tsx';
import { JsonBlock } from '../components/page-state.tsx';
import { fmtTime, StatusTag } from '../components/status-tag.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { errorField } from './sync-preview-model.ts';

function RecordDetail({ record }: { record: SyncPreviewRecord }) {
  const { t } = useI18n();
  return (
    <Row gutter={12}>
      <Col span={12}>
        <Typography.Text strong>{t('syncs.source')}</Typography.Text>
        <JsonBlock value={record.source} testId={`sync-preview-source-${record.key}`} />
      </Col>
      <Col span={12}>
        <Typography.Text strong>{t('syncPreview.payload')}</Typography.Text>
        {record.mapped !== undefined ? (
          <JsonBlock value={record.mapped} testId={`sync-preview-mapped-${record.key}`} />
        ) : record.error ? (
          // The whole error where the payload would be: kind, the system's codes, the raw JSON.
          <ErrorSummary error={record.error} testId={`sync-preview-record-failure-${record.key}`} />
        ) : (
          <Typography.Paragraph type="secondary">
            {record.passes ? t('syncPreview.notMapped') : t('syncPreview.filteredOut')}
          </Typography.Paragraph>
        )}
      </Col>
    </Row>
  );
}

/** The record's error on one line in the console's language: the target field it names, the message, the code. */
function RecordError({ record }: { record: SyncPreviewRecord }) {
  if (!record.error) return '—';
  const field = errorField(record);
  // A mapping error's message names its field already ("字段 X 映射失败"): the field leads only when it does not.
  const where = field !== undefined && !record.error.message.includes(field) ? field : undefined;
  return (
    <Typography.Text type="danger" data-testid={`sync-preview-record-error-${record.key}`}>
      <ErrorLine error={record.error} where={where} />
    </Typography.Text>
  );
}

/** The records a preview read: key, ledger status, filter, time, error (detail call or mapping); rows expand to source and payload. */
export function PreviewRecords({ records }: { records: SyncPreviewRecord[] }) {
  const { t } = useI18n();
  return (
    <Table
      rowKey="key"
      size="small"
      dataSource={records}
      pagination={false}
      locale={{ emptyText: t('syncPreview.noRecords') }}
      onRow={(r) => ({ 'data-testid': `sync-preview-row-${r.key}` }) as never}
      expandable={{ expandedRowRender: (r) => <RecordDetail record={r} /> }}
      columns={[
        {
          title: t('syncs.sourceKey'),
          dataIndex: 'key',
          render: (k: string) => <code>{k}</code>,
        },
        {
          title: t('syncPreview.ledgerStatus'),
          dataIndex: 'status',
          render: (s: string) => <StatusTag status={s} />,
        },
        {
          title: t('syncPreview.filter'),
          dataIndex: 'passes',
          width: 90,
          render: (passes: boolean) =>
            passes ? (
              <CheckCircleFilled style={{ color: '#52c41a' }} data-passes="true" aria-label="✓" />
            ) : (
              <CloseCircleFilled style={{ color: '#bfbfbf' }} data-passes="false" aria-label="✗" />
            ),
        },
        { title: t('syncPreview.sourceTime'), dataIndex: 'sourceTime', render: fmtTime },
        {
          title: t('runs.error'),
          key: 'error',
          render: (_: unknown, r: SyncPreviewRecord) => <RecordError record={r} />,
        },
      ]}
    />
  );
}
