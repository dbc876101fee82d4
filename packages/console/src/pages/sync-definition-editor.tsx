import { Alert, Input, Segmented, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { PageState } from '../components/page-state.tsx';
import { useLoad } from '../components/use-load.ts';
import { fromText } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { loadEditorContext } from './flow-context.ts';
import type { Diagnostic } from './problems.ts';
import { SyncForm } from './sync-form.tsx';
import type { SyncDoc } from './sync-form-model.ts';
import { patchYaml } from './sync-yaml-patch.ts';

interface Props {
  /** The definition's YAML: the one state both views edit (and what is saved). */
  text: string;
  onText(text: string): void;
  /** The server's diagnostics of the last save (shown on the form fields they name). */
  diags: Diagnostic[];
  rows?: number;
}

/** The definition of a sync as a form (default) or as YAML; form edits are written into the YAML in place. */
export function SyncDefinitionEditor({ text, onText, diags, rows = 26 }: Props) {
  const { t } = useI18n();
  const [view, setView] = useState<'form' | 'yaml'>('form');
  const [yamlError, setYamlError] = useState<string>();
  const ctx = useLoad(loadEditorContext, []);
  const parsed = useMemo(() => fromText(text), [text]);
  const doc =
    parsed.ok && parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
      ? (parsed.value as SyncDoc)
      : undefined;
  const problem = parsed.ok
    ? t('syncForm.notObject')
    : t('flows.yamlErrorAt', { line: parsed.line ?? '?', message: parsed.message });
  const switchView = (next: 'form' | 'yaml') => {
    if (next === 'form' && !doc) {
      setYamlError(problem);
      return;
    }
    setYamlError(undefined);
    setView(next);
  };
  const showForm = view === 'form' && doc !== undefined;
  return (
    <div data-testid="sync-definition-editor">
      <Segmented
        style={{ marginBottom: 8 }}
        value={showForm ? 'form' : 'yaml'}
        onChange={(v) => switchView(v as 'form' | 'yaml')}
        data-testid="sync-view"
        options={[
          { value: 'form', label: <span data-testid="sync-view-form">{t('syncForm.form')}</span> },
          { value: 'yaml', label: <span data-testid="sync-view-yaml">YAML</span> },
        ]}
      />
      {(yamlError || (view === 'form' && !doc)) && (
        <Alert
          type="error"
          showIcon
          title={yamlError ?? problem}
          style={{ marginBottom: 8 }}
          data-testid="sync-yaml-error"
        />
      )}
      {showForm ? (
        <PageState state={ctx}>
          {(c) => <SyncForm f={{ doc, change: (next) => onText(patchYaml(text, next)), diags, ctx: c }} />}
        </PageState>
      ) : (
        <>
          <Input.TextArea
            rows={rows}
            value={text}
            onChange={(e) => onText(e.target.value)}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            data-testid="sync-yaml"
          />
          <Typography.Text type="secondary">{t('syncForm.yamlHint')}</Typography.Text>
        </>
      )}
    </div>
  );
}
