import { Button, Result } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';

/**
 * The page of something that does not exist (a flow, sync, form or run id no one stored, an unknown path):
 * a 404 result saying what is missing, with a way back to its list.
 */
export function NotFound({ title, back, backLabel }: { title: string; back: string; backLabel: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={title}
      subTitle={t('common.notFoundHint')}
      data-testid="not-found"
      extra={
        <Button
          type="primary"
          href={back}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey) return;
            e.preventDefault();
            navigate(back);
          }}
          data-testid="not-found-back"
        >
          {backLabel}
        </Button>
      }
    />
  );
}
