import { PlusOutlined } from '@ant-design/icons';
import { Button, Collapse, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { type ConnectorInfo, type Items, type OperationInfo, textOf } from '../api/types.ts';
import { EmptyState, JsonBlock, PageState } from '../components/page-state.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ConnectorEditor } from './connector-editor.tsx';
import { TestCallModal } from './test-call-modal.tsx';

/** Connectors: built-in ones with operations and docs, user-defined ones (create/edit), test calls. */
export function ConnectorsPage() {
  const { t, lang } = useI18n();
  const state = useLoad(() => api<Items<ConnectorInfo>>('GET', '/connectors'));
  const [editing, setEditing] = useState<string | null | undefined>(undefined);
  const [testing, setTesting] = useState<{ connector: string; op: OperationInfo }>();
  return (
    <div data-testid="page-connectors">
      <div className="page-header">
        <h2>{t('nav.connectors')}</h2>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing(null)}
          data-testid="new-connector"
        >
          {t('connectors.new')}
        </Button>
      </div>
      <PageState state={state}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState text={t('connectors.empty')} />
          ) : (
            <Collapse
              items={data.items.map((c) => ({
                key: c.id,
                label: (
                  <Space data-testid={`connector-${c.id}`}>
                    <Typography.Text strong>{textOf(c.name, lang)}</Typography.Text>
                    <Typography.Text type="secondary">{c.id}</Typography.Text>
                    <Tag color={c.origin === 'user' ? 'purple' : 'blue'}>
                      {c.origin === 'user' ? t('connectors.user') : t('connectors.builtIn')}
                    </Tag>
                    <Tag>{t('connectors.opCount', { n: c.operations.length })}</Tag>
                  </Space>
                ),
                extra:
                  c.origin === 'user' ? (
                    <Button
                      size="small"
                      onClick={(e) => {
                        e.stopPropagation();
                        setEditing(c.id);
                      }}
                      data-testid={`edit-connector-${c.id}`}
                    >
                      {t('common.edit')}
                    </Button>
                  ) : undefined,
                children: (
                  <OperationsTable connector={c} onTest={(op) => setTesting({ connector: c.id, op })} />
                ),
              }))}
            />
          )
        }
      </PageState>
      {editing !== undefined && (
        <ConnectorEditor
          id={editing}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) state.reload();
          }}
        />
      )}
      {testing && (
        <TestCallModal
          connector={testing.connector}
          operation={testing.op}
          onClose={() => setTesting(undefined)}
        />
      )}
    </div>
  );
}

function OperationsTable({
  connector,
  onTest,
}: {
  connector: ConnectorInfo;
  onTest(op: OperationInfo): void;
}) {
  const { t, lang } = useI18n();
  if (connector.operations.length === 0) return <EmptyState text={t('connectors.noOps')} />;
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={connector.operations}
      expandable={{
        expandedRowRender: (op) => (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('connectors.input')}>
              <JsonBlock value={op.inputSchema ?? op.input ?? '—'} />
            </Descriptions.Item>
            <Descriptions.Item label={t('connectors.output')}>
              <JsonBlock value={op.outputSchema ?? op.output ?? '—'} />
            </Descriptions.Item>
            <Descriptions.Item label={t('connectors.sample')}>
              <JsonBlock value={op.sample ?? '—'} />
            </Descriptions.Item>
          </Descriptions>
        ),
      }}
      columns={[
        {
          title: t('connectors.operation'),
          render: (_, op) => (
            <span>
              {textOf(op.name, lang)} <Typography.Text type="secondary">({op.id})</Typography.Text>
            </span>
          ),
        },
        {
          title: t('connectors.mode'),
          dataIndex: 'mode',
          width: 110,
          render: (m: string) => <Tag>{m ?? 'call'}</Tag>,
        },
        {
          title: '',
          width: 100,
          render: (_, op) => (
            <Button size="small" onClick={() => onTest(op)} data-testid={`test-op-${connector.id}-${op.id}`}>
              {t('connectors.test')}
            </Button>
          ),
        },
      ]}
    />
  );
}
