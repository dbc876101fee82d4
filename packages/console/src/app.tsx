import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, getToken, setToken, setUnauthorizedHandler } from './api/client.ts';
import { SignIn } from './pages/sign-in.tsx';

// The component library (antd) and every page come with the shell, after sign-in.
const Shell = lazy(() => import('./components/shell.tsx').then((m) => ({ default: m.Shell })));

/** The signed-in user. */
export interface Me {
  id: string;
  username: string;
  role: string;
}

/** The first API answer, fetched by index.html while the bundle loads. */
interface Boot {
  kind: 'me' | 'setup';
  ok: boolean;
  body: unknown;
}

function takeBoot(): Promise<Boot | null> | undefined {
  const w = window as unknown as { __qiaoBoot?: Promise<Boot | null> };
  const boot = w.__qiaoBoot;
  w.__qiaoBoot = undefined;
  return boot;
}

type AuthState =
  | { phase: 'loading' }
  | { phase: 'signedOut'; needsSetup: boolean }
  | { phase: 'signedIn'; me: Me };

/** The console root: locale, theme, authentication (first-start setup, sign-in) and the shell. */
export function App() {
  const [auth, setAuth] = useState<AuthState>({ phase: 'loading' });

  const check = useCallback(async () => {
    const boot = await takeBoot();
    if (boot?.ok && boot.kind === 'me' && getToken())
      return setAuth({ phase: 'signedIn', me: boot.body as Me });
    if (boot?.ok && boot.kind === 'setup')
      return setAuth({ phase: 'signedOut', needsSetup: (boot.body as { needsSetup: boolean }).needsSetup });
    if (getToken()) {
      try {
        setAuth({ phase: 'signedIn', me: await api<Me>('GET', '/me') });
        return;
      } catch {
        setToken(null);
      }
    }
    try {
      const { needsSetup } = await api<{ needsSetup: boolean }>('GET', '/setup');
      setAuth({ phase: 'signedOut', needsSetup });
    } catch {
      setAuth({ phase: 'signedOut', needsSetup: false });
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setToken(null);
      void check();
    });
    void check();
  }, [check]);

  const signOut = async () => {
    await api('POST', '/auth/logout').catch(() => undefined);
    setToken(null);
    await check();
  };

  const spinner = (
    <div className="auth-page">
      <div className="spinner" />
    </div>
  );
  return (
    <>
      {auth.phase === 'loading' && spinner}
      {auth.phase === 'signedOut' && (
        <SignIn
          needsSetup={auth.needsSetup}
          onSignedIn={(token, me) => {
            setToken(token);
            setAuth({ phase: 'signedIn', me });
          }}
        />
      )}
      {auth.phase === 'signedIn' && (
        <Suspense fallback={spinner}>
          <Shell me={auth.me} onSignOut={signOut} />
        </Suspense>
      )}
    </>
  );
}
