import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import type { Me } from '../app.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';

interface Props {
  needsSetup: boolean;
  onSignedIn(token: string, me: Me): void;
}

/** The shortest password the first-start setup accepts (the server's rule). */
export const MIN_PASSWORD = 8;

/**
 * What is wrong with the entered credentials before anything is sent (undefined when nothing): a missing
 * username or password, on setup a password under 8 characters or a confirmation that differs.
 */
export function credentialsProblem(
  entered: { username: string; password: string; confirm?: string },
  needsSetup: boolean,
): MessageKey | undefined {
  if (!entered.username.trim()) return 'auth.usernameRule';
  if (!entered.password) return 'auth.passwordRule';
  if (!needsSetup) return undefined;
  if (entered.password.length < MIN_PASSWORD) return 'auth.passwordShort';
  return entered.password === entered.confirm ? undefined : 'auth.mismatch';
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
    const problem = credentialsProblem(
      { username, password, confirm: String(data.get('confirm') ?? '') },
      needsSetup,
    );
    if (problem) return setError(t(problem));
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
