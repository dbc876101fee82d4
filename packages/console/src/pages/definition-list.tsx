import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Switch, Table, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { api } from '../api/client.ts';
import type { DefinitionHead, Items } from '../api/types.ts';
import { Link } from '../components/link.tsx';
import { EmptyState, PageState } from '../components/page-state.tsx';
import { fmtTime } from '../components/status-tag.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { navigate } from '../router.ts';

interface Props {
  plural: 'flows' | 'syncs' | 'forms';
  title: MessageKey;
  empty: MessageKey;
  newLabel?: MessageKey;
  extra?: (row: DefinitionHead) => ReactNode;
}

/** A list of definitions of one kind: name, id, version, enabled switch, open, and "new" (asks for an id). */
export function DefinitionList({ plural, title, empty, newLabel, extra }: Props) {
  const { t } = useI18n();
  const state = useLoad(() => api<Items<DefinitionHead>>('GET', `/${plural}`), [plural]);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ id: string }>();
  const create = newLabel ? (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => setCreating(true)}
      data-testid={`new-${plural}`}
    >
      {t(newLabel)}
    </Button>
  ) : null;
  return (
    <div data-testid={`page-${plural}`}>
      <div className="page-header">
        <h2>{t(title)}</h2>
        {create}
      </div>
      <PageState state={state}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState text={t(empty)} action={create} />
          ) : (
            <Table
              rowKey="id"
              dataSource={data.items}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                {
                  title: t('common.name'),
                  render: (_, r) => (
                    <Link to={`/${plural}/${encodeURIComponent(r.id)}`} testId={`open-${r.id}`}>
                      {r.name ?? r.id}
                    </Link>
                  ),
                },
                { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Tag>{id}</Tag> },
                {
                  title: t('common.version'),
                  dataIndex: 'version',
                  width: 80,
                  render: (v: number) => `v${v}`,
                },
                {
                  title: t('common.enabled'),
                  dataIndex: 'enabled',
                  width: 90,
                  render: (on: boolean, r) => (
                    <Switch
                      size="small"
                      checked={on}
                      onChange={(v) =>
                        api(
                          'POST',
                          `/${plural}/${encodeURIComponent(r.id)}/${v ? 'enable' : 'disable'}`,
                        ).then(state.reload)
                      }
                    />
                  ),
                },
                { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: fmtTime },
                ...(extra ? [{ title: '', render: (_: unknown, r: DefinitionHead) => extra(r) }] : []),
              ]}
            />
          )
        }
      </PageState>
      <Modal
        open={creating}
        title={newLabel ? t(newLabel) : ''}
        onCancel={() => setCreating(false)}
        okButtonProps={{ 'data-testid': 'create-ok' } as never}
        onOk={async () => {
          const { id } = await form.validateFields();
          setCreating(false);
          navigate(`/${plural}/${encodeURIComponent(id)}?new=1`);
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="id"
            label={t('common.id')}
            extra={t('common.idRule')}
            rules={[{ required: true, pattern: /^[A-Za-z][\w-]{0,63}$/, message: t('common.idRule') }]}
          >
            <Input data-testid="create-id" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
