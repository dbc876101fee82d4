import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { Loaded } from './use-load.ts';

/** Renders loading (skeleton), error (with retry) or the children once data is there. */
export function PageState<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (state.error && state.data === undefined) {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="load-error"
        message={t('common.loadFailed')}
        description={state.error.message}
        action={<Button onClick={state.reload}>{t('common.retry')}</Button>}
      />
    );
  }
  if (state.data === undefined) return <Skeleton active paragraph={{ rows: 6 }} data-testid="loading" />;
  return <>{children(state.data)}</>;
}

/** The empty state of a list, with an optional call to action. */
export function EmptyState({ text, action }: { text: string; action?: ReactNode }) {
  return (
    <Empty data-testid="empty" description={text} style={{ padding: '48px 0' }}>
      {action}
    </Empty>
  );
}

/** A JSON value shown read-only in a scrollable block. */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  const text = value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <pre className="json-block" data-testid={testId}>
      {text}
    </pre>
  );
}
