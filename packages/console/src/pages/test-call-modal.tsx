import { Alert, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import {
  type DefinitionHead,
  type DefinitionVersion,
  type Items,
  type OperationInfo,
  textOf,
} from '../api/types.ts';
import { JsonBlock } from '../components/page-state.tsx';
import { useLoad } from '../components/use-load.ts';
import { fromText } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { inputTemplate, testErrorText } from './test-call-input.ts';

async function connectionsOf(connector: string): Promise<DefinitionHead[]> {
  const list = await api<Items<DefinitionHead>>('GET', '/connections');
  const docs = await Promise.all(
    list.items.map((h) => api<DefinitionVersion>('GET', `/connections/${encodeURIComponent(h.id)}`)),
  );
  return list.items.filter((_, i) => docs[i]?.definition.connector === connector);
}

/** A test call of one operation: pick a connection, give the input, see the exact request and response (secrets masked). */
export function TestCallModal({
  connector,
  operation,
  onClose,
}: {
  connector: string;
  operation: OperationInfo;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const conns = useLoad(() => connectionsOf(connector), [connector]);
  const [connection, setConnection] = useState<string>();
  const [input, setInput] = useState(() => inputTemplate(operation.inputSchema ?? operation.input));
  const [result, setResult] = useState<Record<string, unknown>>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    const parsed = fromText(input);
    if (!parsed.ok) return setError(parsed.message);
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await api(
          'POST',
          `/connectors/${encodeURIComponent(connector)}/operations/${encodeURIComponent(operation.id)}/test`,
          { connection, input: parsed.value ?? {} },
        ),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={760}
      title={`${t('connectors.test')} · ${textOf(operation.name, lang)}`}
      onCancel={onClose}
      footer={null}
    >
      <Form layout="vertical">
        <Form.Item label={t('connections.one')}>
          <Select
            data-testid="test-connection"
            value={connection}
            onChange={setConnection}
            loading={conns.loading}
            placeholder={t('connectors.pickConnection')}
            notFoundContent={t('connectors.noConnection')}
            options={(conns.data ?? []).map((c) => ({ value: c.id, label: `${c.name ?? c.id} (${c.id})` }))}
          />
        </Form.Item>
        <Form.Item label={t('connectors.inputJson')}>
          <Input.TextArea
            rows={4}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            style={{ fontFamily: 'monospace' }}
            data-testid="test-input"
          />
        </Form.Item>
        <Button type="primary" onClick={run} loading={busy} disabled={!connection} data-testid="test-run">
          {t('connectors.send')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }} data-testid="test-result">
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            title={
              result.ok
                ? t('connectors.testOk', { ms: String(result.durationMs ?? '') })
                : t('connectors.testFailed')
            }
            description={result.error ? testErrorText(result.error) : undefined}
          />
          <Typography.Text strong>{t('runs.request')}</Typography.Text>
          <JsonBlock value={result.request} testId="test-request" />
          <Typography.Text strong>{t('runs.response')}</Typography.Text>
          <JsonBlock value={result.response} testId="test-response" />
          <Typography.Text strong>{t('runs.output')}</Typography.Text>
          <JsonBlock value={result.output} />
        </Space>
      )}
    </Modal>
  );
}
