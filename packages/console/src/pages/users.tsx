import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { Items, UserInfo } from '../api/types.ts';
import type { Me } from '../app.tsx';
import { PageState } from '../components/page-state.tsx';
import { fmtTime } from '../components/status-tag.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { type UserEdit, UserEditor } from './user-editor.tsx';

const ROLE_COLORS: Record<string, string> = { admin: 'red', editor: 'blue', viewer: 'default' };

async function loadUsers(): Promise<{ users: UserInfo[]; me: Me }> {
  const [list, me] = await Promise.all([api<Items<UserInfo>>('GET', '/users'), api<Me>('GET', '/me')]);
  return { users: list.items, me };
}

/** Users (admin only): add a user, change a role, reset a password, delete (not oneself). */
export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const state = useLoad(loadUsers);
  const [edit, setEdit] = useState<UserEdit>();

  const remove = async (user: UserInfo) => {
    try {
      await api('DELETE', `/users/${encodeURIComponent(user.id)}`);
      void message.success(t('users.deleted', { name: user.username }));
      state.reload();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  const closed = (saved: boolean) => {
    const own = edit !== undefined && edit.mode === 'role' && edit.user.id === state.data?.me.id;
    setEdit(undefined);
    if (!saved) return;
    // A changed own role changes what the console may show: start again with the new role.
    if (own) location.reload();
    else state.reload();
  };

  return (
    <div data-testid="page-users">
      <div className="page-header">
        <h2>{t('nav.users')}</h2>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEdit({ mode: 'new' })}
          data-testid="new-user"
        >
          {t('users.new')}
        </Button>
      </div>
      <PageState state={state}>
        {({ users, me }) => (
          <Table
            rowKey="id"
            dataSource={users}
            pagination={false}
            onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as never}
            columns={[
              {
                title: t('auth.username'),
                render: (_, u) => (
                  <span>
                    {u.username} {u.id === me.id && <Tag>{t('users.you')}</Tag>}
                  </span>
                ),
              },
              {
                title: t('users.role'),
                render: (_, u) => (
                  <Tag color={ROLE_COLORS[u.role]} data-testid={`user-role-${u.username}`}>
                    {t(`role.${u.role}`)}
                  </Tag>
                ),
              },
              { title: t('common.createdAt'), dataIndex: 'createdAt', render: fmtTime },
              { title: t('users.lastSignIn'), dataIndex: 'lastSignInAt', render: fmtTime },
              {
                title: '',
                render: (_, u) => (
                  <Space>
                    <Button
                      size="small"
                      onClick={() => setEdit({ mode: 'role', user: u })}
                      data-testid={`user-edit-role-${u.username}`}
                    >
                      {t('users.changeRole')}
                    </Button>
                    <Button
                      size="small"
                      onClick={() => setEdit({ mode: 'password', user: u })}
                      data-testid={`user-reset-${u.username}`}
                    >
                      {t('users.resetPassword')}
                    </Button>
                    <Popconfirm
                      title={t('users.confirmDelete', { name: u.username })}
                      onConfirm={() => remove(u)}
                      disabled={u.id === me.id}
                    >
                      <Button
                        size="small"
                        danger
                        disabled={u.id === me.id}
                        title={u.id === me.id ? t('users.notYourself') : undefined}
                        data-testid={`user-delete-${u.username}`}
                      >
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </PageState>
      {edit && <UserEditor edit={edit} onClose={closed} />}
    </div>
  );
}
