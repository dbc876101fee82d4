import { App, Button, Space, Tabs, Tag } from 'antd';
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
import { SyncMappingSection } from './sync-mapping.tsx';
import { SyncPreviewPanel } from './sync-preview.tsx';
import { useSyncPreview } from './use-sync-preview.ts';

/**
 * The definition tab of a sync: its form or YAML, its mapping (sampled on a previewed record) and the preview
 * (a dry run of the definition being edited); saved (as YAML) as a new version with the server's diagnostics.
 */
export function SyncDefinition({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const doc = useLoad(() => api<DefinitionVersion>('GET', `/syncs/${encodeURIComponent(id)}`), [id]);
  const [text, setText] = useState<string>();
  const [errors, setErrors] = useState<string[]>([]);
  const [diags, setDiags] = useState<Diagnostic[]>([]);
  const preview = useSyncPreview(id, text);
  const shown = preview.diags.length ? [...diags, ...preview.diags] : diags;
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
          {text !== undefined && (
            <Tabs
              size="small"
              items={[
                {
                  key: 'definition',
                  label: <span data-testid="sync-tab-definition">{t('syncs.settingsTab')}</span>,
                  children: <SyncDefinitionEditor text={text} onText={setText} diags={shown} />,
                },
                {
                  key: 'mapping',
                  label: <span data-testid="sync-tab-mapping">{t('syncPreview.mappingTab')}</span>,
                  destroyOnHidden: true,
                  children: (
                    <SyncMappingSection text={text} onText={setText} preview={preview} diags={shown} />
                  ),
                },
                {
                  key: 'preview',
                  label: <span data-testid="sync-tab-preview">{t('syncPreview.tab')}</span>,
                  children: <SyncPreviewPanel preview={preview} />,
                },
              ]}
            />
          )}
        </>
      )}
    </PageState>
  );
}
