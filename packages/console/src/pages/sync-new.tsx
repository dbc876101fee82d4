import { App, Button, Col, Divider, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { DefinitionHead, Items } from '../api/types.ts';
import { ProblemsAlert } from '../components/problems-alert.tsx';
import { useLoad } from '../components/use-load.ts';
import { toYaml } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';
import { type Diagnostic, diagnosticsOf, problemsOf } from './problems.ts';
import { SyncDefinitionEditor } from './sync-definition-editor.tsx';
import { SyncMappingSection } from './sync-mapping.tsx';
import { SyncPreviewPanel } from './sync-preview.tsx';
import { useSyncPreview } from './use-sync-preview.ts';

/** The starting definition of a new sync: source list operation, key, mapping, target batch operation. */
export function syncTemplate(id: string, connections: string[]): Record<string, unknown> {
  const source = connections[0] ?? 'sourceConnection';
  const target = connections[1] ?? connections[0] ?? 'targetConnection';
  return {
    schemaVersion: 1,
    kind: 'sync',
    id,
    name: id,
    source: { connection: source, operation: 'list', input: {}, key: 'id' },
    mapping: { FBillNo: '{{ id }}', FAmount: '{{ $decimal(amount, 2) }}' },
    target: { connection: target, operation: 'batchSave', batchSize: 50 },
  };
}

/**
 * A new sync from a template: its form (or YAML) beside the mapping editor, the preview below (the YAML is
 * always sent: the sync has no stored version yet), saved through the definitions API with diagnostics.
 */
export function NewSyncPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const conns = useLoad(() => api<Items<DefinitionHead>>('GET', '/connections'), []);
  const [text, setText] = useState<string>();
  const [errors, setErrors] = useState<string[]>([]);
  const [diags, setDiags] = useState<Diagnostic[]>([]);
  const yaml =
    text ??
    (conns.data
      ? toYaml(
          syncTemplate(
            id,
            conns.data.items.map((c) => c.id),
          ),
        )
      : undefined);
  const preview = useSyncPreview(id, yaml);
  const shown = preview.diags.length ? [...diags, ...preview.diags] : diags;
  const save = async () => {
    try {
      await api('PUT', `/syncs/${encodeURIComponent(id)}`, yaml ?? '', 'application/yaml');
      setErrors([]);
      setDiags([]);
      void message.success(t('flows.savedVersion', { v: 1 }));
      navigate(`/syncs/${encodeURIComponent(id)}`);
    } catch (e) {
      setErrors(problemsOf(e));
      setDiags(diagnosticsOf(e));
    }
  };
  return (
    <div data-testid="page-sync-new">
      <div className="page-header">
        <Space>
          <h2>{t('syncs.new')}</h2>
          <Tag>{id}</Tag>
        </Space>
        <Button type="primary" onClick={save} data-testid="sync-new-save">
          {t('common.save')}
        </Button>
      </div>
      <ProblemsAlert problems={errors} testId="sync-errors" />
      <Row gutter={16}>
        <Col span={12}>
          {yaml !== undefined && (
            <SyncDefinitionEditor text={yaml} onText={setText} diags={shown} rows={28} />
          )}
        </Col>
        <Col span={12}>
          {yaml !== undefined && (
            <SyncMappingSection text={yaml} onText={setText} preview={preview} diags={shown} />
          )}
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('syncPreview.tab')}</Divider>
      <SyncPreviewPanel preview={preview} />
    </div>
  );
}
