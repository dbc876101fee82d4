import { EyeOutlined } from '@ant-design/icons';
import { Button, Descriptions, Select, Space, Tag, Typography } from 'antd';
import type { SyncPreview } from '../api/types.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { ProblemsAlert } from '../components/problems-alert.tsx';
import { fmtTime } from '../components/status-tag.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { PreviewExchanges } from './sync-preview-exchanges.tsx';
import { PREVIEW_LIMITS, previewCounts } from './sync-preview-model.ts';
import { PreviewRecords } from './sync-preview-records.tsx';
import type { SyncPreviewState } from './use-sync-preview.ts';

/** The button that runs a sync's preview, with what it reads and the record limit beside it (test ids `<testId>-run`, `-from`, `-limit`). */
export function PreviewButton({
  preview,
  testId = 'sync-preview',
}: {
  preview: SyncPreviewState;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Space.Compact>
      <Button
        type="primary"
        icon={<EyeOutlined />}
        loading={preview.loading}
        onClick={preview.run}
        data-testid={`${testId}-run`}
      >
        {t('syncPreview.run')}
      </Button>
      <Select
        style={{ width: 170 }}
        value={preview.from}
        onChange={preview.setFrom}
        data-testid={`${testId}-from`}
        options={[
          { value: 'source', label: t('syncPreview.fromSource') },
          { value: 'failed', label: t('syncPreview.fromFailed') },
        ]}
      />
      <Select
        style={{ width: 110 }}
        value={preview.limit}
        onChange={preview.setLimit}
        data-testid={`${testId}-limit`}
        options={PREVIEW_LIMITS.map((n) => ({ value: n, label: t('syncPreview.limit', { n }) }))}
      />
    </Space.Compact>
  );
}

function PreviewSummary({ data }: { data: SyncPreview }) {
  const { t } = useI18n();
  const counts = previewCounts(data);
  return (
    <Descriptions size="small" column={4} bordered data-testid="sync-preview-summary">
      <Descriptions.Item label={t('syncPreview.window')} span={2}>
        {data.window ? `${fmtTime(data.window.from)} → ${fmtTime(data.window.to)}` : '—'}
        {data.from === 'ledger' && (
          <Tag style={{ marginLeft: 8 }} data-testid="sync-preview-stored">
            {t('syncPreview.storedSources')}
          </Tag>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('syncPreview.pages')}>{data.pages}</Descriptions.Item>
      <Descriptions.Item label={t('syncPreview.listed')}>
        {data.listed}
        {data.more && (
          <Tag color="blue" style={{ marginLeft: 8 }} data-testid="sync-preview-more">
            {t('syncPreview.more')}
          </Tag>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('syncPreview.records')}>{counts.records}</Descriptions.Item>
      <Descriptions.Item label={t('syncPreview.passing')}>{counts.passing}</Descriptions.Item>
      <Descriptions.Item label={t('syncPreview.mapped')}>{counts.mapped}</Descriptions.Item>
      <Descriptions.Item label={t('syncPreview.keyless')}>{data.keyless}</Descriptions.Item>
    </Descriptions>
  );
}

/** A sync's dry run: what the source returns for the next run's window and what the sync would send (nothing is written). */
export function SyncPreviewPanel({ preview }: { preview: SyncPreviewState }) {
  const { t } = useI18n();
  const { data } = preview;
  return (
    <div data-testid="sync-preview">
      <Space style={{ marginBottom: 8 }} wrap>
        <PreviewButton preview={preview} />
        <Typography.Text type="secondary">{t('syncPreview.hint')}</Typography.Text>
      </Space>
      <ProblemsAlert problems={preview.problems} testId="sync-preview-failed" />
      {data === undefined ? (
        !preview.loading && (
          <Typography.Paragraph type="secondary" data-testid="sync-preview-empty">
            {t('syncPreview.notYet')}
          </Typography.Paragraph>
        )
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <PreviewSummary data={data} />
          {data.error && (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              {/* What failed (the listing: records may be missing), then the error itself. */}
              <Typography.Text strong type="danger">
                {t('syncPreview.listFailed')}
              </Typography.Text>
              <ErrorSummary error={data.error} testId="sync-preview-error" />
            </Space>
          )}
          <PreviewRecords records={data.records} />
          <PreviewExchanges exchanges={data.exchanges} />
        </Space>
      )}
    </div>
  );
}
