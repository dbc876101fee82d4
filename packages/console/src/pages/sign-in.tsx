import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { Me } from '../app.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface Props {
  needsSetup: boolean;
  onSignedIn(token: string, me: Me): void;
}

/** Sign-in, or on first start the creation of the administrator account. */
export function SignIn({ needsSetup, onSignedIn }: Props) {
  const { t, lang, setLang } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string; confirm?: string }) => {
    setError(undefined);
    if (needsSetup && values.password !== values.confirm) {
      setError(t('auth.mismatch'));
      return;
    }
    setBusy(true);
    try {
      const body = { username: values.username, password: values.password };
      const res = await api<{ token: string; user: Me }>('POST', needsSetup ? '/setup' : '/auth/login', body);
      onSignedIn(res.token, res.user);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <Card style={{ width: 400 }} data-testid={needsSetup ? 'setup-card' : 'signin-card'}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ value: 'zh', label: '中文' }, { value: 'en', label: 'EN' }]} />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {needsSetup ? t('auth.setupHint') : t('auth.signInHint')}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="auth-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('common.required') }]}>
            <Input autoComplete="username" data-testid="username" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: needsSetup ? 8 : 1, message: t('auth.passwordRule') }]}>
            <Input.Password autoComplete={needsSetup ? 'new-password' : 'current-password'} data-testid="password" />
          </Form.Item>
          {needsSetup && (
            <Form.Item name="confirm" label={t('auth.confirm')} rules={[{ required: true, message: t('common.required') }]}>
              <Input.Password autoComplete="new-password" data-testid="confirm" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="auth-submit">
            {needsSetup ? t('auth.createAdmin') : t('auth.signIn')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
