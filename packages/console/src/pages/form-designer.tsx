import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Input, Select, Space, Table } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import type { FormField } from '../mapping/field-tree.ts';
import type { FormDef } from './flow-context.ts';

const TYPES = ['text', 'textarea', 'number', 'decimal', 'date', 'datetime', 'select', 'boolean'];

function FieldsTable({
  fields,
  onChange,
  testId,
}: {
  fields: FormField[];
  onChange(fields: FormField[]): void;
  testId: string;
}) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<FormField>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <>
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={fields}
        data-testid={testId}
        locale={{ emptyText: t('forms.noFields') }}
        columns={[
          {
            title: t('common.id'),
            render: (_, f, i) => (
              <Input
                value={f.id}
                onChange={(e) => set(i, { id: e.target.value })}
                data-testid={`${testId}-id-${i}`}
              />
            ),
          },
          {
            title: t('forms.label'),
            render: (_, f, i) => (
              <Input
                value={f.label}
                onChange={(e) => set(i, { label: e.target.value })}
                data-testid={`${testId}-label-${i}`}
              />
            ),
          },
          {
            title: t('forms.type'),
            width: 140,
            render: (_, f, i) => (
              <Select
                value={f.type}
                style={{ width: '100%' }}
                data-testid={`${testId}-type-${i}`}
                onChange={(type: string) =>
                  set(i, {
                    type,
                    ...(type === 'select'
                      ? { options: f.options ?? [{ value: '记', label: '记' }] }
                      : { options: undefined }),
                  })
                }
                options={TYPES.map((v) => ({ value: v, label: t(`ftype.${v}` as MessageKey) }))}
              />
            ),
          },
          {
            title: t('forms.options'),
            render: (_, f, i) =>
              f.type === 'select' ? (
                <Input
                  value={(f.options ?? []).map((o) => o.value).join(',')}
                  onChange={(e) =>
                    set(i, {
                      options: e.target.value
                        .split(',')
                        .filter(Boolean)
                        .map((v) => ({ value: v, label: v })),
                    })
                  }
                />
              ) : null,
          },
          {
            title: t('forms.required'),
            width: 70,
            render: (_, f, i) => (
              <Checkbox
                checked={!!f.required}
                onChange={(e) => set(i, { required: e.target.checked })}
                data-testid={`${testId}-req-${i}`}
              />
            ),
          },
          {
            title: '',
            width: 50,
            render: (_, __, i) => (
              <Button
                size="small"
                icon={<DeleteOutlined />}
                onClick={() => onChange(fields.filter((_, j) => j !== i))}
              />
            ),
          },
        ]}
      />
      <Button
        size="small"
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        onClick={() => onChange([...fields, { id: `field${fields.length + 1}`, label: '', type: 'text' }])}
        data-testid={`${testId}-add`}
      >
        {t('forms.addField')}
      </Button>
    </>
  );
}

/** The form designer: header fields (id, label, type, required) and detail tables (明细表) with their fields. */
export function FormDesigner({ form, onChange }: { form: FormDef; onChange(form: FormDef): void }) {
  const { t } = useI18n();
  const details = form.details ?? [];
  const setDetail = (i: number, patch: Partial<(typeof details)[number]>) =>
    onChange({ ...form, details: details.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Input
        addonBefore={t('common.name')}
        value={form.name}
        onChange={(e) => onChange({ ...form, name: e.target.value })}
        data-testid="form-name"
      />
      <Card size="small" title={t('forms.fields')}>
        <FieldsTable
          fields={form.fields}
          onChange={(fields) => onChange({ ...form, fields })}
          testId="fields"
        />
      </Card>
      {details.map((d, i) => (
        <Card
          // biome-ignore lint/suspicious/noArrayIndexKey: the detail id is edited in place, the position is the stable identity
          key={`detail-${i}`}
          size="small"
          title={
            <Space>
              {t('forms.detail')}
              <Input
                size="small"
                value={d.id}
                onChange={(e) => setDetail(i, { id: e.target.value })}
                style={{ width: 120 }}
                data-testid={`detail-id-${i}`}
              />
              <Input
                size="small"
                value={d.label}
                onChange={(e) => setDetail(i, { label: e.target.value })}
                style={{ width: 140 }}
                data-testid={`detail-label-${i}`}
              />
            </Space>
          }
          extra={
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              onClick={() => onChange({ ...form, details: details.filter((_, j) => j !== i) })}
            />
          }
        >
          <FieldsTable
            fields={d.fields}
            onChange={(fields) => setDetail(i, { fields })}
            testId={`detail${i}`}
          />
        </Card>
      ))}
      <Button
        icon={<PlusOutlined />}
        onClick={() =>
          onChange({
            ...form,
            details: [
              ...details,
              {
                id: `lines${details.length ? details.length + 1 : ''}`,
                label: t('forms.detail'),
                fields: [{ id: 'field1', label: '', type: 'text' }],
              },
            ],
          })
        }
        data-testid="add-detail"
      >
        {t('forms.addDetail')}
      </Button>
    </Space>
  );
}
