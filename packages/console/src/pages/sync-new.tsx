import { App, Button, Col, Row, Space, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { DefinitionHead, Items } from '../api/types.ts';
import { ProblemsAlert } from '../components/problems-alert.tsx';
import { useLoad } from '../components/use-load.ts';
import { fromText, toYaml } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { MappingEditor } from '../mapping/mapping-editor.tsx';
import { navigate } from '../router.ts';
import { type Diagnostic, diagnosticsOf, problemsOf } from './problems.ts';
import { SyncDefinitionEditor } from './sync-definition-editor.tsx';
import { problemsByKey } from './sync-form-model.ts';
import { patchYaml } from './sync-yaml-patch.ts';

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

const SAMPLE = { id: 'S-0001', amount: '1,234.50' };

/** A new sync from a template: its form (or YAML) beside the mapping editor, saved through the definitions API with diagnostics. */
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
  const parsed = useMemo(() => (yaml === undefined ? undefined : fromText(yaml)), [yaml]);
  const current =
    parsed?.ok && parsed.value && typeof parsed.value === 'object'
      ? (parsed.value as Record<string, unknown>)
      : undefined;
  const setMapping = (mapping: Record<string, unknown>) => {
    if (current && yaml !== undefined) setText(patchYaml(yaml, { ...current, mapping }));
  };
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
            <SyncDefinitionEditor text={yaml} onText={setText} diags={diags} rows={28} />
          )}
        </Col>
        <Col span={12}>
          {current && (
            <MappingEditor
              testId="sync-mapping-editor"
              value={(current.mapping as Record<string, unknown>) ?? {}}
              onChange={setMapping}
              sources={[]}
              targets={[]}
              scope={SAMPLE}
              problems={problemsByKey(diags, ['mapping'])}
            />
          )}
        </Col>
      </Row>
    </div>
  );
}
