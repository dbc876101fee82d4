import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import {
  type ConnectorInfo,
  type DefinitionHead,
  type DefinitionVersion,
  type Items,
  textOf,
} from '../api/types.ts';
import { EmptyState, PageState } from '../components/page-state.tsx';
import { ProblemsAlert } from '../components/problems-alert.tsx';
import { fmtTime } from '../components/status-tag.tsx';
import { useLoad } from '../components/use-load.ts';
import { fromText, toYaml } from '../flow/flow-yaml.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { problemsOf } from './problems.ts';

interface Row extends DefinitionHead {
  connector: string;
  environment: string;
}

async function loadConnections(): Promise<Row[]> {
  const list = await api<Items<DefinitionHead>>('GET', '/connections');
  return Promise.all(
    list.items.map(async (h) => {
      const v = await api<DefinitionVersion>('GET', `/connections/${encodeURIComponent(h.id)}`);
      return {
        ...h,
        connector: String(v.definition.connector ?? ''),
        environment: String(v.definition.environment ?? 'dev'),
      };
    }),
  );
}

/** Connections per environment: create/edit with write-only credentials, test connection, delete. */
export function ConnectionsPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const state = useLoad(loadConnections);
  const [editing, setEditing] = useState<string | null>();
  const [testing, setTesting] = useState<string>();

  // A connection still used by flows or syncs is refused (409, naming them); the user may delete it anyway.
  const remove = async (id: string, force = false) => {
    const path = `/connections/${encodeURIComponent(id)}${force ? '?force=true' : ''}`;
    try {
      await api('DELETE', path);
      state.reload();
    } catch (e) {
      if (!force && e instanceof ApiError && e.code === 'CONFLICT') {
        modal.confirm({
          title: t('connections.inUse'),
          content: e.message,
          okText: t('connections.deleteAnyway'),
          okButtonProps: { danger: true },
          onOk: () => remove(id, true),
        });
      } else void message.error((e as Error).message);
    }
  };

  const test = async (id: string) => {
    setTesting(id);
    try {
      const res = await api<{ ok: boolean; error?: { message?: string } }>(
        'POST',
        `/connections/${encodeURIComponent(id)}/test`,
      );
      if (res.ok) void message.success(t('connections.testOk'));
      else void message.error(`${t('connections.testFailed')}: ${res.error?.message ?? ''}`);
    } catch (e) {
      void message.error(`${t('connections.testFailed')}: ${(e as Error).message}`);
    } finally {
      setTesting(undefined);
    }
  };

  return (
    <div data-testid="page-connections">
      <div className="page-header">
        <h2>{t('nav.connections')}</h2>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing(null)}
          data-testid="new-connection"
        >
          {t('connections.new')}
        </Button>
      </div>
      <PageState state={state}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState
              text={t('connections.empty')}
              action={
                <Button type="primary" onClick={() => setEditing(null)}>
                  {t('connections.new')}
                </Button>
              }
            />
          ) : (
            <Table
              rowKey="id"
              dataSource={rows}
              pagination={false}
              columns={[
                {
                  title: t('common.name'),
                  render: (_, r) => (
                    <span data-testid={`connection-${r.id}`}>
                      {r.name ?? r.id} <Tag>{r.id}</Tag>
                    </span>
                  ),
                },
                { title: t('connections.connector'), dataIndex: 'connector' },
                {
                  title: t('connections.environment'),
                  dataIndex: 'environment',
                  render: (e: string) => (
                    <Tag color={e === 'prod' ? 'red' : e === 'test' ? 'orange' : 'green'}>
                      {t(`env.${e}` as never)}
                    </Tag>
                  ),
                },
                { title: t('common.version'), dataIndex: 'version', width: 80 },
                { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: fmtTime },
                {
                  title: '',
                  render: (_, r) => (
                    <Space>
                      <Button
                        size="small"
                        loading={testing === r.id}
                        onClick={() => test(r.id)}
                        data-testid={`test-connection-${r.id}`}
                      >
                        {t('connections.test')}
                      </Button>
                      <Button size="small" onClick={() => setEditing(r.id)}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm title={t('common.confirmDelete')} onConfirm={() => remove(r.id)}>
                        <Button size="small" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]}
            />
          )
        }
      </PageState>
      {editing !== undefined && (
        <ConnectionEditor
          id={editing}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) state.reload();
          }}
        />
      )}
    </div>
  );
}

interface Values {
  id: string;
  name?: string;
  connector: string;
  environment: string;
  config: string;
  secrets: Array<{ name: string; value: string }>;
}

function ConnectionEditor({ id, onClose }: { id: string | null; onClose(saved: boolean): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const connectors = useLoad(() => api<Items<ConnectorInfo>>('GET', '/connectors'));
  const existing = useLoad(
    async () => (id ? api<DefinitionVersion>('GET', `/connections/${encodeURIComponent(id)}`) : null),
    [id],
  );
  const def = existing.data?.definition;
  if (id && !def) return null;
  const initial: Values = {
    id: id ?? '',
    name: (def?.name as string) ?? '',
    connector: (def?.connector as string) ?? '',
    environment: (def?.environment as string) ?? 'dev',
    config: def?.config ? toYaml(def.config) : '',
    secrets: Object.keys((def?.secrets as object) ?? {}).map((name) => ({ name, value: '***' })),
  };
  const save = async () => {
    const v = await form.validateFields();
    const config = fromText(v.config || '{}');
    if (!config.ok) return setErrors([`config: ${config.message}`]);
    const secrets = Object.fromEntries(
      (v.secrets ?? []).filter((s) => s?.name).map((s) => [s.name, s.value ?? '***']),
    );
    const doc = {
      schemaVersion: 1,
      kind: 'connection',
      id: v.id,
      ...(v.name ? { name: v.name } : {}),
      connector: v.connector,
      environment: v.environment,
      config: config.value ?? {},
      secrets,
    };
    try {
      await api('PUT', `/connections/${encodeURIComponent(v.id)}`, doc);
      onClose(true);
    } catch (e) {
      setErrors(problemsOf(e));
    }
  };
  return (
    <Modal
      open
      width={640}
      title={id ? t('connections.edit') : t('connections.new')}
      onCancel={() => onClose(false)}
      onOk={save}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'save-connection' } as never}
    >
      <ProblemsAlert problems={errors} testId="connection-errors" gap={12} />
      <Form form={form} layout="vertical" initialValues={initial}>
        <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
          <Form.Item
            name="id"
            label={t('common.id')}
            rules={[{ required: true, pattern: /^[A-Za-z][\w-]*$/, message: t('common.idRule') }]}
          >
            <Input disabled={!!id} data-testid="connection-id" />
          </Form.Item>
          <Form.Item name="name" label={t('common.name')}>
            <Input data-testid="connection-name" />
          </Form.Item>
        </Space>
        <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
          <Form.Item
            name="connector"
            label={t('connections.connector')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              showSearch
              data-testid="connection-connector"
              options={(connectors.data?.items ?? []).map((c) => ({
                value: c.id,
                label: `${textOf(c.name, lang)} (${c.id})`,
              }))}
            />
          </Form.Item>
          <Form.Item name="environment" label={t('connections.environment')}>
            <Select
              data-testid="connection-env"
              options={['dev', 'test', 'prod'].map((e) => ({ value: e, label: t(`env.${e}` as never) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="config" label={t('connections.config')} extra={t('connections.configHint')}>
          <Input.TextArea rows={4} style={{ fontFamily: 'monospace' }} data-testid="connection-config" />
        </Form.Item>
        <Form.List name="secrets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} style={{ display: 'flex' }} align="baseline">
                  <Form.Item
                    name={[f.name, 'name']}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <Input placeholder={t('connections.secretName')} data-testid={`secret-name-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']}>
                    <Input.Password
                      placeholder={t('connections.secretValue')}
                      autoComplete="new-password"
                      data-testid={`secret-value-${f.name}`}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('common.delete')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ name: '', value: '' })} data-testid="add-secret">
                {t('connections.addSecret')}
              </Button>
              <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 6 }}>{t('connections.writeOnly')}</div>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
