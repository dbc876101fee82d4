import { App, Button, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { DefinitionVersion } from '../api/types.ts';
import { PageState } from '../components/page-state.tsx';
import { ProblemsAlert } from '../components/problems-alert.tsx';
import { useLoad } from '../components/use-load.ts';
import { toYaml } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { type Diagnostic, diagnosticsOf, problemsOf } from './problems.ts';
import { SyncDefinitionEditor } from './sync-definition-editor.tsx';

/** The definition tab of a sync: its form or YAML, saved (as YAML) as a new version with the server's diagnostics. */
export function SyncDefinition({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const doc = useLoad(() => api<DefinitionVersion>('GET', `/syncs/${encodeURIComponent(id)}`), [id]);
  const [text, setText] = useState<string>();
  const [errors, setErrors] = useState<string[]>([]);
  const [diags, setDiags] = useState<Diagnostic[]>([]);
  useEffect(() => {
    if (doc.data) setText(doc.data.source ?? toYaml(doc.data.definition));
  }, [doc.data]);
  const save = async () => {
    try {
      const res = await api<{ version: number }>(
        'PUT',
        `/syncs/${encodeURIComponent(id)}`,
        text ?? '',
        'application/yaml',
      );
      setErrors([]);
      setDiags([]);
      void message.success(t('flows.savedVersion', { v: res.version }));
      doc.reload();
    } catch (e) {
      setErrors(problemsOf(e));
      setDiags(diagnosticsOf(e));
    }
  };
  return (
    <PageState state={doc}>
      {(d) => (
        <>
          <ProblemsAlert problems={errors} testId="sync-errors" />
          <Space style={{ marginBottom: 8 }}>
            <Tag color="blue" data-testid="sync-version">
              v{d.version}
            </Tag>
            <Button type="primary" onClick={save} data-testid="sync-save">
              {t('common.save')}
            </Button>
          </Space>
          {text !== undefined && <SyncDefinitionEditor text={text} onText={setText} diags={diags} />}
        </>
      )}
    </PageState>
  );
}
