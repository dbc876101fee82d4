import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { textOf } from '../api/types.ts';
import { ErrorLine } from '../components/error-summary.tsx';
import type { Flow, Step } from '../flow/flow-model.ts';
import { STEP_TYPES } from '../flow/flow-model.ts';
import { inLanguage } from '../i18n/bilingual.ts';
import { stepTypeLabel, useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { MappingEditor } from '../mapping/mapping-editor.tsx';
import { type EditorContext, operationOf, schemaFields, sourcesFor } from './flow-context.ts';

interface StepPanelProps {
  flow: Flow;
  step: Step;
  before: string[];
  ctx: EditorContext;
  problems: Array<{ field: string; message: string }>;
  onChange(step: Step): void;
  onMove(delta: number): void;
  onRemove(): void;
  onAddChild(branch: 'then' | 'else' | 'steps', type: string): void;
}

function byField(
  problems: Array<{ field: string; message: string }>,
  prefix: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    if (!p.field.startsWith(`${prefix}.`)) continue;
    const key = p.field.slice(prefix.length + 1).split(/[.[]/)[0] ?? '';
    out[key] = [...(out[key] ?? []), inLanguage(p.message)];
  }
  return out;
}

/**
 * A text field for an expression or template: a long value wraps over up to six lines, then scrolls, instead
 * of being cut at the field's width.
 */
function LongInput({
  value,
  placeholder,
  onChange,
}: {
  value: string;
  placeholder?: string;
  onChange(value: string): void;
}) {
  return (
    <Input.TextArea
      autoSize={{ minRows: 1, maxRows: 6 }}
      value={value}
      placeholder={placeholder}
      onChange={(e) => onChange(e.target.value)}
      style={{ fontFamily: 'monospace', fontSize: 12 }}
    />
  );
}

/** A select option that wraps a long label instead of cutting it (the option's title still holds the label). */
function wrappedOption(option: { label?: ReactNode }) {
  return <div style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>{option.label}</div>;
}

/** The step's own problems (not the mapping's, shown on their fields), one per line, in the console's language. */
function StepProblems({ problems, stepId }: { problems: Array<{ field: string }>; stepId: string }) {
  const { t } = useI18n();
  const [first] = problems;
  const line = (p: { field: string }) => <ErrorLine error={p} where={p.field || stepId} />;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="step-problems"
      title={problems.length === 1 && first ? line(first) : t('common.invalid')}
      description={
        problems.length > 1 ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a field can have several problems; the list is rebuilt on every change
              <li key={i}>{line(p)}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

/** The side panel of one step: common fields, the type's fields, and the mapping editor for call/map/set steps. */
export function StepPanel({
  flow,
  step,
  before,
  ctx,
  problems,
  onChange,
  onMove,
  onRemove,
  onAddChild,
}: StepPanelProps) {
  const { t, lang } = useI18n();
  const set = (patch: Record<string, unknown>) => onChange({ ...step, ...patch });
  const { sources, scope } = sourcesFor(ctx, flow, before);
  const conn = ctx.connections.find((c) => c.id === step.connection);
  const connector = ctx.connectors.find((c) => c.id === conn?.connector);
  const op = operationOf(ctx, step.connection, step.operation);
  const mapKey =
    step.type === 'call' ? 'input' : step.type === 'map' ? 'mapping' : step.type === 'set' ? 'values' : null;
  const own = problems.filter((p) => !p.field.startsWith(`${mapKey}.`));
  return (
    <div data-testid={`panel-${step.id}`}>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{stepTypeLabel(t, step.type)}</Typography.Text>
        <Button size="small" icon={<ArrowUpOutlined />} onClick={() => onMove(-1)} data-testid="step-up" />
        <Button size="small" icon={<ArrowDownOutlined />} onClick={() => onMove(1)} data-testid="step-down" />
        <Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid="step-delete" />
      </Space>
      {own.length > 0 && <StepProblems problems={own} stepId={step.id} />}
      <Form layout="vertical" size="small">
        <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
          <Form.Item label={t('common.id')}>
            <Input value={step.id} onChange={(e) => set({ id: e.target.value })} data-testid="step-id" />
          </Form.Item>
          <Form.Item label={t('common.name')}>
            <Input value={step.name ?? ''} onChange={(e) => set({ name: e.target.value || undefined })} />
          </Form.Item>
        </Space>
        {/* One above the other, at the panel's full width: operation names like "获取用户access_token (getAccessToken)" fit. */}
        {step.type === 'call' && (
          <>
            <Form.Item label={t('connections.one')}>
              <Select
                value={step.connection || undefined}
                onChange={(v) => set({ connection: v, operation: '' })}
                data-testid="step-connection"
                optionRender={wrappedOption}
                options={ctx.connections.map((c) => ({ value: c.id, label: c.name ?? c.id }))}
              />
            </Form.Item>
            <Form.Item label={t('connectors.operation')}>
              <Select
                value={(step.operation as string) || undefined}
                onChange={(v) => set({ operation: v })}
                data-testid="step-operation"
                optionRender={wrappedOption}
                options={(connector?.operations ?? []).map((o) => ({
                  value: o.id,
                  label: `${textOf(o.name, lang)} (${o.id})`,
                }))}
              />
            </Form.Item>
          </>
        )}
        {step.type === 'condition' && (
          <Form.Item label={t('step.if')}>
            <LongInput value={String(step.if ?? '')} onChange={(v) => set({ if: v })} />
          </Form.Item>
        )}
        {step.type === 'forEach' && (
          <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
            <Form.Item label={t('step.items')}>
              <LongInput value={String(step.items ?? '')} onChange={(v) => set({ items: v })} />
            </Form.Item>
            <Form.Item label={t('step.as')}>
              <Input
                value={String(step.as ?? '')}
                onChange={(e) => set({ as: e.target.value || undefined })}
              />
            </Form.Item>
          </Space>
        )}
        {step.type === 'lookup' && (
          <Form.Item label={t('step.key')}>
            <LongInput value={String(step.key ?? '')} onChange={(v) => set({ key: v })} />
          </Form.Item>
        )}
        {step.type === 'respond' && (
          <Form.Item label={t('step.status')}>
            <InputNumber value={Number(step.status ?? 200)} onChange={(v) => set({ status: v ?? 200 })} />
          </Form.Item>
        )}
        <Form.Item label={t('step.when')}>
          <LongInput
            value={String(step.when ?? '')}
            placeholder={t('step.whenHint')}
            onChange={(v) => set({ when: v || undefined })}
          />
        </Form.Item>
      </Form>
      {(step.type === 'condition' || step.type === 'forEach') && (
        <Space wrap style={{ marginBottom: 8 }}>
          {(step.type === 'condition' ? (['then', 'else'] as const) : (['steps'] as const)).map((b) => (
            <Select
              key={b}
              size="small"
              style={{ width: 170 }}
              placeholder={
                <span>
                  <PlusOutlined /> {t(`step.addTo.${b}` as MessageKey)}
                </span>
              }
              value={null}
              onChange={(type: string) => onAddChild(b, type)}
              data-testid={`add-to-${b}`}
              options={STEP_TYPES.map((s) => ({ value: s, label: t(`step.${s}` as MessageKey) }))}
            />
          ))}
        </Space>
      )}
      {mapKey && (
        <MappingEditor
          key={`${step.id}-${String(step.operation ?? '')}`}
          testId="mapping-editor"
          value={(step[mapKey] as Record<string, unknown>) ?? {}}
          onChange={(v) => set({ [mapKey]: v })}
          sources={sources}
          targets={op ? schemaFields(op.inputSchema) : []}
          scope={scope}
          problems={byField(problems, mapKey)}
        />
      )}
    </div>
  );
}

/** The side panel of the trigger: its type and the type's settings. */
export function TriggerPanel({
  flow,
  ctx,
  onChange,
}: {
  flow: Flow;
  ctx: EditorContext;
  onChange(trigger: Flow['trigger']): void;
}) {
  const { t } = useI18n();
  const tr = flow.trigger;
  return (
    <Form layout="vertical" size="small" data-testid="panel-trigger">
      <Form.Item label={t('flows.triggerType')}>
        <Select
          value={tr.type}
          data-testid="trigger-type"
          onChange={(type: string) =>
            onChange(
              type === 'form'
                ? { type, form: ctx.forms[0]?.id ?? '', event: 'created' }
                : type === 'schedule'
                  ? { type, cron: '0 * * * *' }
                  : { type },
            )
          }
          options={['manual', 'schedule', 'webhook', 'form', 'callback', 'runFailed'].map((v) => ({
            value: v,
            label: t(`trigger.${v}` as MessageKey),
          }))}
        />
      </Form.Item>
      {tr.type === 'form' && (
        <>
          <Form.Item label={t('nav.forms')}>
            <Select
              value={tr.form as string}
              data-testid="trigger-form"
              onChange={(form) => onChange({ ...tr, form })}
              options={ctx.forms.map((f) => ({ value: f.id, label: `${f.name} (${f.id})` }))}
            />
          </Form.Item>
          <Form.Item label={t('flows.event')}>
            <Select
              value={(tr.event as string) ?? 'created'}
              onChange={(event) => onChange({ ...tr, event })}
              options={['created', 'updated', 'saved'].map((v) => ({
                value: v,
                label: t(`event.${v}` as MessageKey),
              }))}
            />
          </Form.Item>
        </>
      )}
      {tr.type === 'schedule' && (
        <Form.Item label="cron">
          <Input value={String(tr.cron ?? '')} onChange={(e) => onChange({ ...tr, cron: e.target.value })} />
        </Form.Item>
      )}
      {tr.type === 'webhook' && (
        <Typography.Text type="secondary">{t('flows.webhookHint', { id: flow.id })}</Typography.Text>
      )}
      {tr.type === 'runFailed' && <RunFailedFields trigger={tr} onChange={onChange} />}
    </Form>
  );
}

/** An alert flow's trigger: which flows and syncs it watches (none: all), and whether failed sync records count. */
function RunFailedFields({
  trigger,
  onChange,
}: {
  trigger: Flow['trigger'];
  onChange(trigger: Flow['trigger']): void;
}) {
  const { t } = useI18n();
  const flows = Array.isArray(trigger.flows) ? (trigger.flows as string[]) : [];
  return (
    <>
      <Form.Item label={t('flows.watchFlows')}>
        <Select
          mode="tags"
          value={flows}
          data-testid="trigger-flows"
          onChange={(ids: string[]) => {
            const { flows: _, ...rest } = trigger;
            onChange(ids.length ? { ...rest, flows: ids } : rest);
          }}
        />
      </Form.Item>
      <Form.Item>
        <Checkbox
          checked={trigger.failedRecords === true}
          data-testid="trigger-failed-records"
          onChange={(e) => onChange({ ...trigger, failedRecords: e.target.checked })}
        >
          {t('flows.failedRecords')}
        </Checkbox>
      </Form.Item>
      <Typography.Text type="secondary">{t('flows.runFailedHint')}</Typography.Text>
    </>
  );
}
