import { Empty, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { StatusTag } from '../components/status-tag.tsx';
import { fromText } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { MappingEditor } from '../mapping/mapping-editor.tsx';
import type { Diagnostic } from './problems.ts';
import { problemsByKey } from './sync-form-model.ts';
import { PreviewButton } from './sync-preview.tsx';
import { mappingSample, sampleRecord } from './sync-preview-model.ts';
import { patchYaml } from './sync-yaml-patch.ts';
import type { SyncPreviewState } from './use-sync-preview.ts';

interface Props {
  /** The definition's YAML; mapping edits are written into it in place. */
  text: string;
  onText(text: string): void;
  /** The source fields and sample come from this preview's first record passing the filter. */
  preview: SyncPreviewState;
  diags: Diagnostic[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A sync's `mapping` in the mapping editor, sampled on a previewed source record (`$lookup` sees the sync's tables). */
export function SyncMappingSection({ text, onText, preview, diags }: Props) {
  const { t } = useI18n();
  const parsed = useMemo(() => fromText(text), [text]);
  const doc = parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
  const tables = doc?.tables;
  const sample = useMemo(() => mappingSample(preview.data, tables), [preview.data, tables]);
  const record = sampleRecord(preview.data);
  if (!doc) return <Typography.Text type="danger">{t('syncForm.notObject')}</Typography.Text>;
  const setMapping = (mapping: Record<string, unknown>) => onText(patchYaml(text, { ...doc, mapping }));
  return (
    <div data-testid="sync-mapping">
      <Space style={{ marginBottom: 8 }} wrap>
        <PreviewButton preview={preview} testId="sync-mapping-preview" />
        {record && (
          <Typography.Text type="secondary" data-testid="sync-mapping-sample">
            {t('syncPreview.sampleOf')} <code>{record.key}</code> <StatusTag status={record.status} />
          </Typography.Text>
        )}
      </Space>
      <MappingEditor
        testId="sync-mapping-editor"
        value={isObject(doc.mapping) ? doc.mapping : {}}
        onChange={setMapping}
        sources={sample?.sources ?? []}
        targets={[]}
        scope={sample?.scope}
        bindings={sample?.bindings}
        problems={problemsByKey(diags, ['mapping'])}
        noSample={
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            data-testid="sync-mapping-no-sample"
            description={preview.data ? t('syncPreview.noRecords') : t('syncPreview.previewFirst')}
          />
        }
      />
    </div>
  );
}
