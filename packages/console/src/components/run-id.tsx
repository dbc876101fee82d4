import { Typography } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A run id shown whole, in monospace, with a copy button. Never shortened: ids of runs started close
 * together share their time-based head (`0mwsk2bq6000…`) and differ only at the tail.
 */
export function RunId({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <Typography.Text
      code
      copyable={{ text: id, tooltips: [t('runs.copyId'), t('runs.copiedId')] }}
      style={{ whiteSpace: 'nowrap' }}
      data-testid="run-id"
      data-run-id={id}
    >
      {id}
    </Typography.Text>
  );
}
