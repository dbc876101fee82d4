import { Alert, Button, Empty, Skeleton } from 'antd';
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
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
        title={t('common.loadFailed')}
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

/** The height a value block keeps until "show all" (about 17 lines); longer values scroll inside it. */
const BLOCK_HEIGHT = 320;

/**
 * A JSON value shown read-only: long strings wrap (long words break), the block keeps a bounded height and
 * scrolls, and a value taller than that gets 展开全部 / Show all (and back) — never cut.
 */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  const { t } = useI18n();
  const text = value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const ref = useRef<HTMLPreElement>(null);
  const [tall, setTall] = useState(false);
  const [expanded, setExpanded] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new text changes the height to measure
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || expanded) return;
    const measure = () => setTall(el.scrollHeight > el.clientHeight + 1);
    measure();
    // The width decides the wrapping, so a resize can make the value taller or shorter than the block. The
    // measure waits for the next frame: showing the toggle inside the observer's callback could resize again.
    if (typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [text, expanded]);
  return (
    <>
      <pre
        ref={ref}
        className="json-block"
        data-testid={testId}
        style={{
          whiteSpace: 'pre-wrap',
          wordBreak: 'normal',
          overflowWrap: 'anywhere',
          maxHeight: expanded ? 'none' : BLOCK_HEIGHT,
          overflow: 'auto',
        }}
      >
        {text}
      </pre>
      {(tall || expanded) && (
        <div>
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            onClick={() => setExpanded(!expanded)}
            data-testid={testId ? `${testId}-toggle` : undefined}
          >
            {expanded ? t('value.showLess') : t('value.showAll')}
          </Button>
        </div>
      )}
    </>
  );
}
