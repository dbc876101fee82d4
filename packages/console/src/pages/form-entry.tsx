import { Alert, App, Button, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { DefinitionVersion, Items } from '../api/types.ts';
import { NotFound } from '../components/not-found.tsx';
import { EmptyState, JsonBlock, PageState } from '../components/page-state.tsx';
import { fmtTime } from '../components/status-tag.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { openDefinition } from './definition-load.ts';
import type { FormDef } from './flow-context.ts';
import { FormDesigner } from './form-designer.tsx';
import { problemsOf } from './problems.ts';
import { RecordEntry } from './record-entry.tsx';

type LoadedForm = { form: FormDef; version: number | null };

/** The form; null when the id is not stored and the page was not asked to create it. */
async function loadForm(id: string, isNew: boolean): Promise<LoadedForm | null> {
  const opened = await openDefinition(
    () => api<DefinitionVersion<FormDef>>('GET', `/forms/${encodeURIComponent(id)}`),
    isNew,
  );
  if (opened.state === 'missing') return null;
  if (opened.state === 'found') return { form: opened.value.definition, version: opened.value.version };
  return {
    form: { id, name: id, fields: [{ id: 'field1', label: '', type: 'text' }], details: [] },
    version: null,
  };
}

/**
 * One form: designer, data entry (with detail grid; saving fires its flows and shows the result) and records.
 * A new form (`isNew`: the list's 新建, `?new=1`) starts as a draft; an id that is not stored is a not-found page.
 */
export function FormEntryPage({ id, isNew = false }: { id: string; isNew?: boolean }) {
  const { t } = useI18n();
  const state = useLoad(() => loadForm(id, isNew), [id, isNew]);
  return (
    <PageState state={state}>
      {(data) =>
        data === null ? (
          <NotFound title={t('forms.notFound', { id })} back="/forms" backLabel={t('forms.backToList')} />
        ) : (
          <FormPage id={id} initial={data} onSaved={state.reload} />
        )
      }
    </PageState>
  );
}

function FormPage({ id, initial, onSaved }: { id: string; initial: LoadedForm; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form, setForm] = useState<FormDef>(initial.form);
  const [errors, setErrors] = useState<string[]>([]);
  const [tab, setTab] = useState(initial.version ? 'entry' : 'design');
  const save = async () => {
    try {
      const res = await api<{ version: number }>('PUT', `/forms/${encodeURIComponent(id)}`, {
        schemaVersion: 1,
        kind: 'form',
        ...form,
        id,
      });
      setErrors([]);
      void message.success(t('flows.savedVersion', { v: res.version }));
      onSaved();
    } catch (e) {
      setErrors(problemsOf(e));
    }
  };
  return (
    <div data-testid="page-form">
      <div className="page-header">
        <Space>
          <h2>{form.name}</h2>
          <Tag>{id}</Tag>
          {initial.version ? (
            <Tag color="blue">v{initial.version}</Tag>
          ) : (
            <Tag color="gold">{t('flows.draft')}</Tag>
          )}
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'design',
            label: <span data-testid="tab-design">{t('forms.design')}</span>,
            children: (
              <>
                {errors.length > 0 && (
                  <Alert
                    type="error"
                    showIcon
                    title={t('common.invalid')}
                    description={errors.join('; ')}
                    style={{ marginBottom: 12 }}
                    data-testid="form-errors"
                  />
                )}
                <FormDesigner form={form} onChange={setForm} />
                <Button type="primary" style={{ marginTop: 16 }} onClick={save} data-testid="form-save">
                  {t('common.save')}
                </Button>
              </>
            ),
          },
          ...(initial.version
            ? [
                {
                  key: 'entry',
                  label: <span data-testid="tab-entry">{t('forms.entry')}</span>,
                  children: <RecordEntry form={initial.form} />,
                },
                {
                  key: 'records',
                  label: <span data-testid="tab-records">{t('forms.records')}</span>,
                  children: <Records id={id} form={initial.form} />,
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

function Records({ id, form }: { id: string; form: FormDef }) {
  const { t } = useI18n();
  const state = useLoad(
    () =>
      api<Items<{ id: string; data: Record<string, unknown>; createdAt: number; createdBy: string | null }>>(
        'GET',
        `/forms/${encodeURIComponent(id)}/records?limit=100`,
      ),
    [id],
  );
  return (
    <PageState state={state}>
      {(data) =>
        data.items.length === 0 ? (
          <EmptyState text={t('forms.noRecords')} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            dataSource={data.items}
            expandable={{ expandedRowRender: (r) => <JsonBlock value={r.data} /> }}
            columns={[
              ...form.fields.slice(0, 5).map((f) => ({
                title: f.label,
                render: (_: unknown, r: { data: Record<string, unknown> }) => String(r.data[f.id] ?? ''),
              })),
              ...(form.details ?? []).map((d) => ({
                title: d.label,
                render: (_: unknown, r: { data: Record<string, unknown> }) =>
                  t('forms.rows', {
                    n: Array.isArray(r.data[d.id]) ? (r.data[d.id] as unknown[]).length : 0,
                  }),
              })),
              { title: t('common.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            ]}
          />
        )
      }
    </PageState>
  );
}
