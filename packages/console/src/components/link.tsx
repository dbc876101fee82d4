import type { ReactNode } from 'react';
import { navigate } from '../router.ts';

/** An in-app link: a real anchor (open in new tab works) whose plain click navigates client-side. */
export function Link({ to, children, testId }: { to: string; children: ReactNode; testId?: string }) {
  return (
    <a
      href={to}
      data-testid={testId}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
