import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { UserInfo } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** What the user modal does: add a user, or change one user's role or password. */
export type UserEdit = { mode: 'new' } | { mode: 'role' | 'password'; user: UserInfo };

/** The server's shortest password (creation and reset). */
const MIN_PASSWORD = 8;
const ROLES = ['admin', 'editor', 'viewer'] as const;

interface Values {
  username?: string;
  password?: string;
  role?: UserInfo['role'];
}

/** The request a submitted modal sends. */
function requestOf(edit: UserEdit, values: Values): [string, string, Values] {
  if (edit.mode === 'new')
    return [
      'POST',
      '/users',
      { username: values.username?.trim(), password: values.password, role: values.role },
    ];
  const path = `/users/${encodeURIComponent(edit.user.id)}`;
  return ['PATCH', path, edit.mode === 'role' ? { role: values.role } : { password: values.password }];
}

/** The modal adding a user (username, password, role), or changing a role, or resetting a password. */
export function UserEditor({ edit, onClose }: { edit: UserEdit; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const title =
    edit.mode === 'new'
      ? t('users.new')
      : `${edit.mode === 'role' ? t('users.changeRole') : t('users.resetPassword')} · ${edit.user.username}`;

  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const [method, path, body] = requestOf(edit, values);
      await api(method, path, body);
      void message.success(t('users.saved'));
      onClose(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onOk={submit}
      onCancel={() => onClose(false)}
      confirmLoading={busy}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'user-submit' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ role: edit.mode === 'new' ? 'viewer' : edit.user.role }}
        data-testid="user-form"
      >
        {edit.mode === 'new' && (
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, whitespace: true, max: 64, message: t('users.usernameRule') }]}
          >
            <Input autoComplete="off" data-testid="user-username" />
          </Form.Item>
        )}
        {edit.mode !== 'role' && (
          <Form.Item
            name="password"
            label={edit.mode === 'new' ? t('auth.password') : t('users.newPassword')}
            rules={[{ required: true, min: MIN_PASSWORD, max: 200, message: t('users.passwordRule') }]}
            extra={edit.mode === 'password' ? t('users.resetHint') : undefined}
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        {edit.mode !== 'password' && (
          <Form.Item name="role" label={t('users.role')} extra={t('users.roleHint')}>
            <Select
              data-testid="user-role-select"
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="user-error" />}
    </Modal>
  );
}
