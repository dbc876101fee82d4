import { HistoryOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Modal, Space, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { DefinitionVersion } from '../api/types.ts';
import { fmtTime } from '../components/status-tag.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';
import {
  BACKFILL_PRESETS,
  type BackfillStarted,
  backfillBody,
  canBackfill,
  presetRange,
} from './sync-backfill-model.ts';

/**
 * "补数 / Backfill": re-reads a past time range of the sync's source in one run (`POST /syncs/{id}/backfill`);
 * records already written are not written again and the watermark does not move. Opens the run it started.
 * Disabled, with the reason, for a sync whose source has no watermark (the server would refuse it).
 */
export function SyncBackfill({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const doc = useLoad(() => api<DefinitionVersion>('GET', `/syncs/${encodeURIComponent(id)}`), [id]);
  const unavailable = doc.data !== undefined && !canBackfill(doc.data.definition);

  const show = () => {
    setRange(presetRange(BACKFILL_PRESETS[0], dayjs()));
    setError(undefined);
    setOpen(true);
  };
  const start = async () => {
    if (!range) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api<BackfillStarted>(
        'POST',
        `/syncs/${encodeURIComponent(id)}/backfill`,
        backfillBody(range, dayjs()),
      );
      setOpen(false);
      void message.success(
        t('syncs.backfillStarted', { run: res.runId, from: fmtTime(res.from), to: fmtTime(res.to) }),
      );
      navigate(`/runs/${encodeURIComponent(res.runId)}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Tooltip title={unavailable ? t('syncs.backfillNoWatermark') : undefined}>
        <Button icon={<HistoryOutlined />} onClick={show} disabled={unavailable} data-testid="sync-backfill">
          {t('syncs.backfill')}
        </Button>
      </Tooltip>
      <Modal
        open={open}
        title={t('syncs.backfillTitle')}
        onCancel={() => setOpen(false)}
        onOk={start}
        confirmLoading={busy}
        okText={t('syncs.backfillOk')}
        okButtonProps={{ 'data-testid': 'sync-backfill-ok', disabled: !range } as never}
        destroyOnHidden
      >
        <div data-testid="sync-backfill-modal">
          <Typography.Paragraph type="secondary">{t('syncs.backfillHelp')}</Typography.Paragraph>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <DatePicker.RangePicker
              value={range}
              onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              allowClear={false}
              style={{ width: '100%' }}
              data-testid="sync-backfill-range"
            />
            <Space wrap>
              {BACKFILL_PRESETS.map((days) => (
                <Button
                  key={days}
                  size="small"
                  onClick={() => setRange(presetRange(days, dayjs()))}
                  data-testid={`sync-backfill-preset-${days}`}
                >
                  {t('syncs.backfillLastDays', { n: days })}
                </Button>
              ))}
            </Space>
            {error && <Alert type="error" showIcon title={error} data-testid="sync-backfill-error" />}
          </Space>
        </div>
      </Modal>
    </>
  );
}
