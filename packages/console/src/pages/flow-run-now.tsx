import { Alert, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { Link } from '../components/link.tsx';
import type { Flow } from '../flow/flow-model.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { navigate } from '../router.ts';
import type { FormDef } from './flow-context.ts';
import { parseRunInput, runInputStart } from './run-input.ts';

/**
 * "立即运行 / Run now": the run's input as JSON first (prefilled from the trigger: a form's blank record, the
 * `trigger.input` keys the flow reads, or `{}`), checked here, then `POST /flows/{id}/run {input}` and the run page.
 * A flow started by something else (form, webhook, …) says so; the server hands the input over where that
 * trigger would (a form's record, a webhook's body, else `trigger.input`).
 */
export function FlowRunNow({ flow, forms, onClose }: { flow: Flow; forms: FormDef[]; onClose(): void }) {
  const { t } = useI18n();
  const [start] = useState(() => runInputStart(flow, forms));
  const [text, setText] = useState(start.text);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    const parsed = parseRunInput(text);
    if (!parsed.ok) {
      setError(t('flows.runInputInvalid', { line: parsed.line ?? '?', message: parsed.message }));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const res = await api<{ runId: string }>('POST', `/flows/${encodeURIComponent(flow.id)}/run`, {
        input: parsed.value,
      });
      onClose();
      navigate(`/runs/${encodeURIComponent(res.runId)}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const triggerLabel = t(`trigger.${start.trigger}` as MessageKey);
  return (
    <Modal
      open
      title={t('flows.runTitle', { name: flow.name || flow.id })}
      onCancel={onClose}
      onOk={run}
      confirmLoading={busy}
      okText={t('flows.runStart')}
      okButtonProps={{ 'data-testid': 'run-input-ok' } as never}
      cancelButtonProps={{ 'data-testid': 'run-input-cancel' } as never}
      width={600}
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="run-input-modal">
        {start.form ? (
          <Alert
            type="info"
            showIcon
            data-testid="run-input-hint"
            data-trigger="form"
            title={t('flows.runFormHint', { form: start.form.name })}
            description={
              <Link to={`/forms/${encodeURIComponent(start.form.id)}`} testId="run-input-open-form">
                {t('flows.openForm')}
              </Link>
            }
          />
        ) : start.trigger === 'webhook' ? (
          <Alert
            type="info"
            showIcon
            data-testid="run-input-hint"
            data-trigger="webhook"
            title={t('flows.runWebhookHint', { id: flow.id })}
          />
        ) : start.trigger !== 'manual' ? (
          <Alert
            type="info"
            showIcon
            data-testid="run-input-hint"
            data-trigger={start.trigger}
            title={t('flows.runOtherHint', {
              trigger: triggerLabel === `trigger.${start.trigger}` ? start.trigger : triggerLabel,
            })}
          />
        ) : null}
        <Typography.Text strong>{t('flows.runInput')}</Typography.Text>
        <Input.TextArea
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(undefined);
          }}
          rows={Math.min(16, Math.max(4, text.split('\n').length + 1))}
          spellCheck={false}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          data-testid="run-input"
        />
        <Typography.Text type="secondary">{t('flows.runInputHelp')}</Typography.Text>
        {error && <Alert type="error" showIcon title={error} data-testid="run-input-error" />}
      </Space>
    </Modal>
  );
}
