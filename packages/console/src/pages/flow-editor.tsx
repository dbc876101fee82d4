import { HistoryOutlined, PlayCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { DefinitionVersion } from '../api/types.ts';
import { NotFound } from '../components/not-found.tsx';
import { PageState } from '../components/page-state.tsx';
import { useLoad } from '../components/use-load.ts';
import {
  allStepIds,
  type Flow,
  flattenSteps,
  insertStep,
  moveStep,
  newStep,
  problemsOfStep,
  removeStep,
  replaceStep,
  type StepPath,
  splitPath,
} from '../flow/flow-model.ts';
import { fromText, toYaml } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { openDefinition } from './definition-load.ts';
import { FlowCanvas, keyOf, Palette } from './flow-canvas.tsx';
import { type EditorContext, loadEditorContext } from './flow-context.ts';
import { hasUnsavedEdits, takesLoaded } from './flow-reload.ts';
import { FlowRunNow } from './flow-run-now.tsx';
import { FlowVersions } from './flow-versions.tsx';
import { type Diagnostic, diagnosticsOf, problemsOf } from './problems.ts';
import { StepPanel, TriggerPanel } from './step-panel.tsx';

type LoadedFlow = { flow: Flow; version: number | null; enabled: boolean; ctx: EditorContext };

/** The flow and the editor's context; null when the id is not stored and the page was not asked to create it. */
async function loadFlow(id: string, isNew: boolean): Promise<LoadedFlow | null> {
  const [ctx, opened] = await Promise.all([
    loadEditorContext(),
    openDefinition(() => api<DefinitionVersion<Flow>>('GET', `/flows/${encodeURIComponent(id)}`), isNew),
  ]);
  if (opened.state === 'missing') return null;
  if (opened.state === 'found') {
    const v = opened.value;
    return { flow: v.definition, version: v.version, enabled: v.enabled, ctx };
  }
  return {
    flow: { schemaVersion: 1, kind: 'flow', id, name: id, trigger: { type: 'manual' }, steps: [] },
    version: null,
    enabled: true,
    ctx,
  };
}

/**
 * The flow editor page: canvas + side panel + YAML view of one flow, versions, enable/disable, run now. A new
 * flow (`isNew`: the list's 新建, `?new=1`) starts as a draft; an id that is not stored is a not-found page.
 */
export function FlowEditorPage({ id, isNew = false }: { id: string; isNew?: boolean }) {
  const { t } = useI18n();
  const state = useLoad(() => loadFlow(id, isNew), [id, isNew]);
  return (
    <PageState state={state}>
      {(data) =>
        data === null ? (
          <NotFound title={t('flows.notFound', { id })} back="/flows" backLabel={t('flows.backToList')} />
        ) : (
          <FlowEditor initial={data} onSaved={state.reload} />
        )
      }
    </PageState>
  );
}

function FlowEditor({ initial, onSaved }: { initial: LoadedFlow; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [flow, setFlow] = useState<Flow>(initial.flow);
  // The flow as last loaded or saved: what "unsaved edits" are measured against.
  const [base, setBase] = useState<Flow>(initial.flow);
  // The version a rollback made: when it is loaded, the editor takes that document.
  const [rolledBackTo, setRolledBackTo] = useState<number>();
  const [running, setRunning] = useState(false);
  const [selected, setSelected] = useState('trigger');
  const [tab, setTab] = useState('canvas');
  const [yaml, setYaml] = useState('');
  const [yamlError, setYamlError] = useState<string>();
  const [diags, setDiags] = useState<Diagnostic[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState(false);
  const { ctx } = initial;
  useEffect(() => {
    if (!takesLoaded(rolledBackTo, initial.version)) return;
    setRolledBackTo(undefined);
    setFlow(initial.flow);
    setBase(initial.flow);
    setYaml(toYaml(initial.flow));
    setYamlError(undefined);
    setSelected('trigger');
    setDiags([]);
    setErrors([]);
  }, [rolledBackTo, initial]);
  const flat = useMemo(() => flattenSteps(flow.steps), [flow.steps]);
  const current = flat.find((f) => keyOf(f.path) === selected);
  const invalid = useMemo(
    () =>
      new Set([
        ...flat.filter((f) => problemsOfStep(diags, f.path).length).map((f) => keyOf(f.path)),
        ...(diags.some((d) => d.path?.startsWith('trigger')) ? ['trigger'] : []),
      ]),
    [flat, diags],
  );

  const setSteps = (steps: Flow['steps'], select?: StepPath) => {
    setFlow({ ...flow, steps });
    if (select) setSelected(keyOf(select));
  };
  const add = (type: string) => {
    const step = newStep(type, allStepIds(flow.steps));
    const at = current
      ? splitPath(current.path)
      : { container: [] as StepPath, index: flow.steps.length - 1 };
    setSteps(insertStep(flow.steps, at.container, at.index + 1, step), [...at.container, at.index + 1]);
  };
  const switchTab = (key: string) => {
    if (key === 'yaml') setYaml(toYaml(flow));
    if (key === 'canvas' && tab === 'yaml' && !applyYaml()) return;
    setTab(key);
  };
  const applyYaml = (): Flow | null => {
    const parsed = fromText(yaml);
    if (!parsed.ok) {
      setYamlError(t('flows.yamlErrorAt', { line: parsed.line ?? '?', message: parsed.message }));
      return null;
    }
    const value = parsed.value as Flow;
    if (!value || typeof value !== 'object' || !Array.isArray(value.steps) || !value.trigger) {
      setYamlError(t('flows.yamlShape'));
      return null;
    }
    setYamlError(undefined);
    setFlow(value);
    return value;
  };
  const save = async () => {
    const doc = tab === 'yaml' ? applyYaml() : flow;
    if (!doc) return;
    setBusy(true);
    try {
      const res = await api<{ version: number; changed: boolean }>(
        'PUT',
        `/flows/${encodeURIComponent(doc.id)}`,
        doc,
      );
      setDiags([]);
      setErrors([]);
      setBase(doc);
      void message.success(res.changed ? t('flows.savedVersion', { v: res.version }) : t('flows.unchanged'));
      onSaved();
    } catch (e) {
      setDiags(diagnosticsOf(e));
      setErrors(problemsOf(e));
    } finally {
      setBusy(false);
    }
  };
  const toggle = async (on: boolean) => {
    await api('POST', `/flows/${encodeURIComponent(flow.id)}/${on ? 'enable' : 'disable'}`).then(
      onSaved,
      (e: Error) => message.error(e.message),
    );
  };

  const before = current ? flat.slice(0, flat.indexOf(current)).map((f) => f.step.id) : [];
  const panel = current ? (
    <StepPanel
      flow={flow}
      step={current.step}
      before={before}
      ctx={ctx}
      problems={problemsOfStep(diags, current.path)}
      onChange={(s) => setSteps(replaceStep(flow.steps, current.path, s))}
      onMove={(d) => {
        const m = moveStep(flow.steps, current.path, d);
        setSteps(m.steps, m.path);
      }}
      onRemove={() => {
        setSteps(removeStep(flow.steps, current.path));
        setSelected('trigger');
      }}
      onAddChild={(branch, type) => {
        const step = newStep(type, allStepIds(flow.steps));
        setSteps(insertStep(flow.steps, [...current.path, branch], 1e9, step));
      }}
    />
  ) : (
    <TriggerPanel flow={flow} ctx={ctx} onChange={(trigger) => setFlow({ ...flow, trigger })} />
  );

  return (
    <div data-testid="page-flow-editor">
      <div className="page-header">
        <Space>
          <Input
            value={flow.name}
            onChange={(e) => setFlow({ ...flow, name: e.target.value })}
            style={{ width: 260, fontWeight: 600 }}
            data-testid="flow-name"
          />
          <Tag>{flow.id}</Tag>
          {initial.version ? (
            <Tag color="blue">v{initial.version}</Tag>
          ) : (
            <Tag color="gold">{t('flows.draft')}</Tag>
          )}
          {initial.version && (
            <Switch
              checked={initial.enabled}
              onChange={toggle}
              checkedChildren={t('common.enabled')}
              unCheckedChildren={t('common.disabled')}
              data-testid="flow-enabled"
            />
          )}
        </Space>
        <Space>
          {initial.version && (
            <Button icon={<HistoryOutlined />} onClick={() => setHistory(true)} data-testid="flow-versions">
              {t('flows.versions')}
            </Button>
          )}
          {initial.version && (
            <Button icon={<PlayCircleOutlined />} onClick={() => setRunning(true)} data-testid="flow-run">
              {t('flows.runNow')}
            </Button>
          )}
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={busy}
            onClick={save}
            data-testid="flow-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      </div>
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          data-testid="flow-errors"
          title={t('common.invalid')}
          description={
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          }
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={switchTab}
        items={[
          {
            key: 'canvas',
            label: <span data-testid="tab-canvas">{t('flows.canvas')}</span>,
            children: (
              <div className="flow-editor">
                <Palette onAdd={add} />
                <FlowCanvas
                  flow={flow}
                  selected={selected}
                  invalid={invalid}
                  onSelect={setSelected}
                  onDropType={add}
                  onReorder={(p, d) => {
                    const m = moveStep(flow.steps, p, d);
                    setSteps(m.steps, m.path);
                  }}
                />
                <div className="side-panel">{panel}</div>
              </div>
            ),
          },
          {
            key: 'yaml',
            label: <span data-testid="tab-yaml">YAML</span>,
            children: (
              <div>
                {yamlError && (
                  <Alert
                    type="error"
                    showIcon
                    title={yamlError}
                    style={{ marginBottom: 8 }}
                    data-testid="yaml-error"
                  />
                )}
                <Input.TextArea
                  value={yaml}
                  onChange={(e) => setYaml(e.target.value)}
                  rows={28}
                  spellCheck={false}
                  style={{ fontFamily: 'monospace', fontSize: 12 }}
                  data-testid="flow-yaml"
                />
                <Typography.Text type="secondary">{t('flows.yamlHint')}</Typography.Text>
              </div>
            ),
          },
        ]}
      />
      {history && (
        <FlowVersions
          id={flow.id}
          unsaved={hasUnsavedEdits(flow, base) || (tab === 'yaml' && yaml !== toYaml(flow))}
          onClose={(rolledBack) => {
            setHistory(false);
            if (rolledBack === undefined) return;
            setRolledBackTo(rolledBack);
            onSaved();
          }}
        />
      )}
      {running && <FlowRunNow flow={flow} forms={ctx.forms} onClose={() => setRunning(false)} />}
    </div>
  );
}
