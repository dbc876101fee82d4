import { Col, Form, Row, Select, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import {
  ConnectionField,
  Item,
  NumberField,
  OperationField,
  RowsField,
  Section,
  type SyncFormState,
  TextField,
} from './sync-form-fields.tsx';
import { choiceAt, getPath, ON_DUPLICATE, setChoice, setPath } from './sync-form-model.ts';

const pair = (a: ReactNode, b: ReactNode) => (
  <Row gutter={12}>
    <Col span={12}>{a}</Col>
    <Col span={12}>{b}</Col>
  </Row>
);

/**
 * The connection and operation of one part of a sync (`source`, `target`, `writeBack`) side by side;
 * changing the connection clears the operations (`clears`) the new connection does not have.
 */
function ConnectionAndOperation({
  f,
  at,
  mode,
  clears = [[at, 'operation']],
}: {
  f: SyncFormState;
  at: string;
  mode?: string;
  clears?: string[][];
}) {
  const { t } = useI18n();
  return pair(
    <ConnectionField f={f} path={[at, 'connection']} label={t('connections.one')} operations={clears} />,
    <OperationField
      f={f}
      path={[at, 'operation']}
      label={t('connectors.operation')}
      connection={getPath(f.doc, [at, 'connection'])}
      {...(mode === undefined ? {} : { mode })}
    />,
  );
}

/**
 * The structured view of a sync definition: basics, source, target (with what a duplicate answer means,
 * `onDuplicate`), write-back, schedule and retry.
 */
export function SyncForm({ f }: { f: SyncFormState }) {
  const { t } = useI18n();
  const src = getPath(f.doc, ['source', 'connection']);
  const srcOp = getPath(f.doc, ['source', 'operation']);
  const tgt = getPath(f.doc, ['target', 'connection']);
  const back = getPath(f.doc, ['writeBack', 'connection']);
  const enabled = getPath(f.doc, ['enabled']);
  return (
    <Form layout="vertical" size="small" data-testid="sync-form">
      <Section f={f} id="basic" title={t('syncForm.basic')}>
        {pair(
          <TextField f={f} path={['name']} label={t('common.name')} required />,
          // A sync runs one at a time (its ledger needs a single writer): no concurrency field.
          <Item f={f} path={['enabled']} label={t('common.enabled')}>
            <Switch
              checked={enabled !== false}
              onChange={(v) => f.change(setPath(f.doc, ['enabled'], v))}
              data-testid="sync-field-enabled"
            />
          </Item>,
        )}
        <TextField f={f} path={['description']} label={t('syncForm.description')} rows={2} />
      </Section>
      <Section f={f} id="source" title={t('syncForm.source')}>
        <ConnectionAndOperation
          f={f}
          at="source"
          mode="list"
          clears={[
            ['source', 'operation'],
            ['source', 'detail', 'operation'],
          ]}
        />
        {pair(
          <TextField f={f} path={['source', 'key']} label={t('syncForm.key')} required />,
          <TextField f={f} path={['source', 'filter']} label={t('syncForm.filter')} />,
        )}
        <RowsField
          f={f}
          path={['source', 'input']}
          label={t('syncForm.input')}
          connection={src}
          operation={srcOp}
        />
        <Section f={f} id="detail" path={['source', 'detail']} title={t('syncForm.detail')}>
          <OperationField
            f={f}
            path={['source', 'detail', 'operation']}
            label={t('connectors.operation')}
            connection={src}
          />
          <RowsField
            f={f}
            path={['source', 'detail', 'input']}
            label={t('syncForm.input')}
            connection={src}
            operation={getPath(f.doc, ['source', 'detail', 'operation'])}
          />
        </Section>
        <Section f={f} id="watermark" path={['source', 'watermark']} title={t('syncForm.watermark')}>
          {pair(
            <TextField
              f={f}
              path={['source', 'watermark', 'field']}
              label={t('syncForm.watermarkField')}
              required
            />,
            <TextField
              f={f}
              path={['source', 'watermark', 'overlap']}
              label={t('syncForm.overlap')}
              typed
              placeholder="10m"
            />,
          )}
          {pair(
            <TextField
              f={f}
              path={['source', 'watermark', 'fromParam']}
              label={t('syncForm.fromParam')}
              required
            />,
            <TextField f={f} path={['source', 'watermark', 'toParam']} label={t('syncForm.toParam')} />,
          )}
          {pair(
            <TextField
              f={f}
              path={['source', 'watermark', 'initial']}
              label={t('syncForm.initial')}
              typed
              placeholder="30d"
            />,
            <TextField
              f={f}
              path={['source', 'watermark', 'maxWindow']}
              label={t('syncForm.maxWindow')}
              typed
              placeholder="30d"
            />,
          )}
        </Section>
      </Section>
      <Section f={f} id="target" title={t('syncForm.target')}>
        <ConnectionAndOperation f={f} at="target" mode="batchWrite" />
        {pair(
          <NumberField
            f={f}
            path={['target', 'batchSize']}
            label={t('syncForm.batchSize')}
            min={1}
            max={1000}
          />,
          <TextField f={f} path={['target', 'number']} label={t('syncForm.number')} />,
        )}
        <Item
          f={f}
          path={['target', 'onDuplicate']}
          label={t('syncForm.onDuplicate')}
          extra={<span data-testid="sync-help-target.onDuplicate">{t('syncForm.onDuplicateHelp')}</span>}
        >
          <Select
            // Absent means fail: choosing fail removes the key, so the YAML keeps only what differs.
            value={choiceAt(f.doc, ['target', 'onDuplicate'], ON_DUPLICATE, 'fail')}
            onChange={(v: string) => f.change(setChoice(f.doc, ['target', 'onDuplicate'], v, 'fail'))}
            options={[
              { value: 'fail', label: t('syncForm.onDuplicateFail') },
              { value: 'adopt', label: t('syncForm.onDuplicateAdopt') },
            ]}
            data-testid="sync-field-target.onDuplicate"
          />
        </Item>
        <RowsField
          f={f}
          path={['target', 'input']}
          label={t('syncForm.input')}
          connection={tgt}
          operation={getPath(f.doc, ['target', 'operation'])}
          optional
        />
      </Section>
      <Section f={f} id="writeBack" path={['writeBack']} title={t('syncForm.writeBack')}>
        <ConnectionAndOperation f={f} at="writeBack" />
        <Item f={f} path={['writeBack', 'on']} label={t('syncForm.on')}>
          <Select
            value={(getPath(f.doc, ['writeBack', 'on']) as string | undefined) ?? 'written'}
            onChange={(v: string) => f.change(setPath(f.doc, ['writeBack', 'on'], v))}
            options={[
              { value: 'written', label: t('status.written') },
              { value: 'failed', label: t('status.failed') },
              { value: 'both', label: t('syncForm.onBoth') },
            ]}
            data-testid="sync-field-writeBack.on"
          />
        </Item>
        <RowsField
          f={f}
          path={['writeBack', 'input']}
          label={t('syncForm.writeBackInput')}
          connection={back}
          operation={getPath(f.doc, ['writeBack', 'operation'])}
        />
      </Section>
      <Section f={f} id="schedule" path={['schedule']} title={t('syncForm.schedule')}>
        {pair(
          <TextField f={f} path={['schedule', 'cron']} label={t('syncForm.cron')} required />,
          <TextField
            f={f}
            path={['schedule', 'timezone']}
            label={t('syncForm.timezone')}
            placeholder="Asia/Shanghai"
          />,
        )}
      </Section>
      <Section f={f} id="retry" path={['retry']} title={t('syncForm.retry')}>
        <Row gutter={12}>
          <Col span={8}>
            <NumberField
              f={f}
              path={['retry', 'maxAttempts']}
              label={t('syncForm.maxAttempts')}
              min={1}
              max={100}
            />
          </Col>
          <Col span={8}>
            <TextField
              f={f}
              path={['retry', 'initialDelay']}
              label={t('syncForm.initialDelay')}
              typed
              placeholder="500ms"
            />
          </Col>
          <Col span={8}>
            <TextField
              f={f}
              path={['retry', 'maxDelay']}
              label={t('syncForm.maxDelay')}
              typed
              placeholder="60s"
            />
          </Col>
        </Row>
      </Section>
      <Typography.Text type="secondary">{t('syncForm.moreInYaml')}</Typography.Text>
    </Form>
  );
}
