import { App, Button, Drawer, List, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { Items } from '../api/types.ts';
import { JsonBlock, PageState } from '../components/page-state.tsx';
import { fmtTime } from '../components/status-tag.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface VersionItem {
  version: number;
  createdAt: number;
  createdBy: string | null;
}

interface Diff {
  from: number;
  to: number;
  changes: Array<{ path: string; before: unknown; after: unknown }>;
}

/**
 * Versions of a flow: diff any version against the current one, and roll back. Closing tells the version a
 * rollback made (undefined when none), so the editor can take that document; with unsaved edits the
 * rollback's confirmation says they will be replaced.
 */
export function FlowVersions({
  id,
  onClose,
  unsaved = false,
  kind = 'flows',
}: {
  id: string;
  onClose(rolledBack?: number): void;
  unsaved?: boolean;
  kind?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const base = `/${kind}/${encodeURIComponent(id)}`;
  const state = useLoad(() => api<Items<VersionItem>>('GET', `${base}/versions`), [id]);
  const [diff, setDiff] = useState<Diff>();
  return (
    <Drawer
      open
      width={640}
      title={t('flows.versions')}
      onClose={() => onClose()}
      data-testid="versions-drawer"
    >
      <PageState state={state}>
        {(data) => (
          <List
            dataSource={data.items}
            renderItem={(v, i) => (
              <List.Item
                actions={
                  i === 0
                    ? [
                        <Typography.Text key="c" type="success">
                          {t('flows.current')}
                        </Typography.Text>,
                      ]
                    : [
                        <Button
                          key="d"
                          size="small"
                          onClick={() => api<Diff>('GET', `${base}/diff?from=${v.version}`).then(setDiff)}
                          data-testid={`diff-${v.version}`}
                        >
                          {t('flows.diff')}
                        </Button>,
                        <Popconfirm
                          key="r"
                          title={t('flows.rollbackConfirm', { v: v.version })}
                          description={unsaved ? t('flows.rollbackUnsaved') : undefined}
                          onConfirm={() =>
                            api<{ version: number }>('POST', `${base}/rollback`, { version: v.version }).then(
                              (res) => onClose(res.version),
                              (e: Error) => message.error(e.message),
                            )
                          }
                        >
                          <Button size="small" data-testid={`rollback-${v.version}`}>
                            {t('flows.rollback')}
                          </Button>
                        </Popconfirm>,
                      ]
                }
              >
                <Space>
                  <strong>v{v.version}</strong>
                  <span>{fmtTime(v.createdAt)}</span>
                  <Typography.Text type="secondary">{v.createdBy ?? ''}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </PageState>
      {diff && (
        <>
          <Typography.Title level={5}>
            {t('flows.diffTitle', { from: diff.from, to: diff.to })}
          </Typography.Title>
          <Table
            size="small"
            rowKey="path"
            pagination={false}
            dataSource={diff.changes}
            data-testid="diff-table"
            columns={[
              { title: t('flows.path'), dataIndex: 'path', width: 180 },
              {
                title: t('flows.before'),
                dataIndex: 'before',
                render: (v: unknown) => <JsonBlock value={v} />,
              },
              {
                title: t('flows.after'),
                dataIndex: 'after',
                render: (v: unknown) => <JsonBlock value={v} />,
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
