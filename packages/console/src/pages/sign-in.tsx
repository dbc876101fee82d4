import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import type { Me } from '../app.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface Props {
  needsSetup: boolean;
  onSignedIn(token: string, me: Me): void;
}

/**
 * Sign-in, or on first start the creation of the administrator account. Plain elements styled in
 * styles.css (no component library), so the first page needs only React: the console loads fast.
 */
export function SignIn({ needsSetup, onSignedIn }: Props) {
  const { t, lang, setLang } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!username || !password || (needsSetup && password.length < 8))
      return setError(t('auth.passwordRule'));
    if (needsSetup && password !== data.get('confirm')) return setError(t('auth.mismatch'));
    setError(undefined);
    setBusy(true);
    try {
      const res = await api<{ token: string; user: Me }>('POST', needsSetup ? '/setup' : '/auth/login', {
        username,
        password,
      });
      onSignedIn(res.token, res.user);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-card" data-testid={needsSetup ? 'setup-card' : 'signin-card'}>
        <div className="auth-title">
          <h1>{t('app.name')}</h1>
          <span className="lang-toggle">
            <button type="button" className={lang === 'zh' ? 'on' : ''} onClick={() => setLang('zh')}>
              中文
            </button>
            <button type="button" className={lang === 'en' ? 'on' : ''} onClick={() => setLang('en')}>
              EN
            </button>
          </span>
        </div>
        <p className="auth-hint">{needsSetup ? t('auth.setupHint') : t('auth.signInHint')}</p>
        {error && (
          <div className="auth-error" role="alert" data-testid="auth-error">
            {error}
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <label>
            {t('auth.username')}
            <input name="username" autoComplete="username" data-testid="username" />
          </label>
          <label>
            {t('auth.password')}
            <input
              name="password"
              type="password"
              autoComplete={needsSetup ? 'new-password' : 'current-password'}
              data-testid="password"
            />
          </label>
          {needsSetup && (
            <label>
              {t('auth.confirm')}
              <input name="confirm" type="password" autoComplete="new-password" data-testid="confirm" />
            </label>
          )}
          <button type="submit" className="auth-submit" disabled={busy} data-testid="auth-submit">
            {needsSetup ? t('auth.createAdmin') : t('auth.signIn')}
          </button>
        </form>
      </div>
    </div>
  );
}
