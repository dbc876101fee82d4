import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { DefinitionVersion } from '../api/types.ts';
import { fromText, toYaml } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { problemsOf } from './problems.ts';

type Doc = Record<string, unknown> & { operations?: Record<string, Record<string, unknown>> };

const BLANK: Doc = {
  schemaVersion: 1,
  kind: 'connector',
  id: '',
  name: '',
  baseUrl: 'https://',
  operations: {},
};

function textOf(value: unknown): string {
  return value === undefined ? '' : typeof value === 'string' ? value : toYaml(value).trimEnd();
}

function parseValue(text: string): unknown {
  if (!text.trim()) return undefined;
  const parsed = fromText(text);
  return parsed.ok ? parsed.value : text;
}

/** Creates or edits a user-defined connector: base address, interfaces (method, path, params, body template), or its YAML. */
export function ConnectorEditor({ id, onClose }: { id: string | null; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const [doc, setDoc] = useState<Doc>(BLANK);
  const [yaml, setYaml] = useState('');
  const [tab, setTab] = useState('form');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (id)
      void api<DefinitionVersion<Doc>>('GET', `/connectors/${encodeURIComponent(id)}`).then((v) =>
        setDoc(v.definition),
      );
  }, [id]);

  const ops = doc.operations ?? {};
  const setOp = (opId: string, patch: Record<string, unknown>) =>
    setDoc({ ...doc, operations: { ...ops, [opId]: { ...ops[opId], ...patch } } });
  const switchTab = (key: string) => {
    if (key === 'yaml') setYaml(toYaml(doc));
    if (key === 'form') {
      const parsed = fromText(yaml);
      if (!parsed.ok) return setErrors([`${t('flows.yamlError')} ${parsed.line ?? ''}: ${parsed.message}`]);
      setDoc(parsed.value as Doc);
    }
    setErrors([]);
    setTab(key);
  };

  const save = async () => {
    let value = doc;
    if (tab === 'yaml') {
      const parsed = fromText(yaml);
      if (!parsed.ok) return setErrors([parsed.message]);
      value = parsed.value as Doc;
    }
    if (!value.id) return setErrors([t('connectors.idRequired')]);
    setBusy(true);
    try {
      await api('PUT', `/connectors/${encodeURIComponent(String(value.id))}`, value);
      onClose(true);
    } catch (e) {
      setErrors(problemsOf(e));
    } finally {
      setBusy(false);
    }
  };

  const addOp = () => {
    let n = Object.keys(ops).length + 1;
    while (ops[`op${n}`]) n += 1;
    setDoc({ ...doc, operations: { ...ops, [`op${n}`]: { name: '', method: 'POST', path: '/' } } });
  };

  const form = (
    <Form layout="vertical">
      <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
        <Form.Item label={t('common.id')}>
          <Input
            value={String(doc.id ?? '')}
            disabled={!!id}
            onChange={(e) => setDoc({ ...doc, id: e.target.value })}
            data-testid="connector-id"
          />
        </Form.Item>
        <Form.Item label={t('common.name')}>
          <Input
            value={String(doc.name ?? '')}
            onChange={(e) => setDoc({ ...doc, name: e.target.value })}
            data-testid="connector-name"
          />
        </Form.Item>
      </Space>
      <Form.Item label={t('connectors.baseUrl')}>
        <Input
          value={String(doc.baseUrl ?? '')}
          onChange={(e) => setDoc({ ...doc, baseUrl: e.target.value })}
          data-testid="connector-base"
        />
      </Form.Item>
      {Object.entries(ops).map(([opId, op]) => (
        <Card
          key={opId}
          size="small"
          style={{ marginBottom: 8 }}
          title={`${t('connectors.operation')} ${opId}`}
          extra={
            <Button
              size="small"
              icon={<DeleteOutlined />}
              onClick={() => {
                const { [opId]: _, ...rest } = ops;
                setDoc({ ...doc, operations: rest });
              }}
            />
          }
        >
          <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
            <Input
              addonBefore={t('common.name')}
              value={String(op.name ?? '')}
              onChange={(e) => setOp(opId, { name: e.target.value })}
            />
            <Select
              value={String(op.method ?? 'POST')}
              style={{ width: 100 }}
              onChange={(m) => setOp(opId, { method: m })}
              options={['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ value: m, label: m }))}
            />
            <Input
              addonBefore={t('connectors.path')}
              value={String(op.path ?? '')}
              onChange={(e) => setOp(opId, { path: e.target.value })}
            />
          </Space>
          <Space style={{ width: '100%', marginTop: 8 }} styles={{ item: { flex: 1 } }}>
            <Input.TextArea
              rows={3}
              placeholder={t('connectors.queryHint')}
              defaultValue={textOf(op.query)}
              onBlur={(e) => setOp(opId, { query: parseValue(e.target.value) })}
              style={{ fontFamily: 'monospace' }}
            />
            <Input.TextArea
              rows={3}
              placeholder={t('connectors.bodyHint')}
              defaultValue={textOf(op.body)}
              onBlur={(e) => setOp(opId, { body: parseValue(e.target.value) })}
              style={{ fontFamily: 'monospace' }}
            />
          </Space>
        </Card>
      ))}
      <Button icon={<PlusOutlined />} onClick={addOp} data-testid="add-operation">
        {t('connectors.addOp')}
      </Button>
    </Form>
  );

  return (
    <Modal
      open
      width={820}
      title={id ? t('connectors.edit') : t('connectors.new')}
      onCancel={() => onClose(false)}
      onOk={save}
      confirmLoading={busy}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'save-connector' } as never}
    >
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="connector-errors"
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
          { key: 'form', label: t('connectors.interfaces'), children: form },
          {
            key: 'yaml',
            label: <span data-testid="connector-yaml-tab">YAML</span>,
            children: (
              <Input.TextArea
                rows={18}
                value={yaml}
                onChange={(e) => setYaml(e.target.value)}
                style={{ fontFamily: 'monospace', fontSize: 12 }}
                data-testid="connector-yaml"
              />
            ),
          },
        ]}
      />
    </Modal>
  );
}
