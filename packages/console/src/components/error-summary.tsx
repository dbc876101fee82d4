import { BulbOutlined } from '@ant-design/icons';
import { Alert, Collapse, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { type Translate, useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { type ErrorFacts, type ErrorHint, errorFacts, type FailureKind, waitOf } from './error-facts.ts';
import { JsonBlock } from './page-state.tsx';

const FAILURE_LABELS: Record<FailureKind, MessageKey> = {
  temporary: 'error.failure.temporary',
  rateLimited: 'error.failure.rateLimited',
  authExpired: 'error.failure.authExpired',
  credentials: 'error.failure.credentials',
  uncertain: 'error.failure.uncertain',
  exhausted: 'error.failure.exhausted',
  permanent: 'error.failure.permanent',
  unexpected: 'error.failure.unexpected',
};

// Orange: the engine deals with it by itself; red: someone has to act.
const FAILURE_COLORS: Record<FailureKind, string> = {
  temporary: 'warning',
  rateLimited: 'warning',
  authExpired: 'warning',
  uncertain: 'warning',
  credentials: 'error',
  exhausted: 'error',
  permanent: 'error',
  unexpected: 'magenta',
};

const HINTS: Record<ErrorHint, MessageKey> = {
  temporary: 'error.hint.temporary',
  rateLimited: 'error.hint.rateLimited',
  authExpired: 'error.hint.authExpired',
  credentials: 'error.hint.credentials',
  uncertain: 'error.hint.uncertain',
  exhausted: 'error.hint.exhausted',
  permanent: 'error.hint.permanent',
  unexpected: 'error.hint.unexpected',
  duplicate: 'error.hint.duplicate',
  quota: 'error.hint.quota',
};

const WAIT_UNITS: Record<ReturnType<typeof waitOf>['unit'], MessageKey> = {
  ms: 'error.wait.ms',
  s: 'error.wait.s',
  min: 'error.wait.min',
};

// Long values wrap, long words break: a message is read, never cut off.
const WRAP = { overflowWrap: 'anywhere' as const, marginBottom: 0 };

function FailureTag({ failure }: { failure: FailureKind }) {
  const { t } = useI18n();
  return (
    <Tag color={FAILURE_COLORS[failure]} data-failure={failure}>
      {t(FAILURE_LABELS[failure])}
    </Tag>
  );
}

function CodeTag({ code }: { code: string }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t('error.code')}>
      <Tag style={{ fontFamily: 'monospace' }} data-testid="error-code">
        {code}
      </Tag>
    </Tooltip>
  );
}

function tagsOf(facts: ErrorFacts, t: Translate): ReactNode[] {
  const tags: ReactNode[] = [];
  if (facts.code) tags.push(<CodeTag key="code" code={facts.code} />);
  if (facts.failure) tags.push(<FailureTag key="failure" failure={facts.failure} />);
  if (facts.httpStatus !== undefined) tags.push(<Tag key="http">HTTP {facts.httpStatus}</Tag>);
  if (facts.attempt !== undefined && facts.attempt > 1)
    tags.push(<Tag key="attempt">{t('runs.attempt', { n: facts.attempt })}</Tag>);
  if (facts.retryAfterMs !== undefined) {
    const wait = waitOf(facts.retryAfterMs);
    tags.push(
      <Tag key="wait">{t('error.retryAfter', { wait: t(WAIT_UNITS[wait.unit], { n: wait.n }) })}</Tag>,
    );
  }
  return tags;
}

/** The target system's own answer: its codes and message, per-field messages, ids to quote. */
function SystemAnswer({ system }: { system: NonNullable<ErrorFacts['system']> }) {
  const { t } = useI18n();
  return (
    <div data-testid="error-system">
      <Typography.Text type="secondary">{t('error.system')}: </Typography.Text>
      {system.codes.map((c) => (
        <Tag key={c.name} style={{ fontFamily: 'monospace' }}>
          {c.name} {c.value}
        </Tag>
      ))}
      {system.message && (
        // A system's answer can be a whole HTML error page: three lines, then 展开 / Expand.
        <Typography.Paragraph style={WRAP} ellipsis={{ rows: 3, expandable: 'collapsible' }}>
          {system.message}
        </Typography.Paragraph>
      )}
      {system.items.length > 0 && (
        <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
          {system.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the system's messages have no id and never reorder
            <li key={i} style={WRAP}>
              {item.field && <code>{item.field}</code>} {item.message}
            </li>
          ))}
        </ul>
      )}
      {system.refs.length > 0 && (
        <div>
          {system.refs.map((r) => (
            <Typography.Text key={r.name} type="secondary" style={{ marginRight: 12 }}>
              {r.name}{' '}
              <Typography.Text code copyable>
                {r.value}
              </Typography.Text>
            </Typography.Text>
          ))}
        </div>
      )}
    </div>
  );
}

/** Where a mapping or input error happened: field, expression and the source value. */
function Where({ where }: { where: NonNullable<ErrorFacts['where']> }) {
  const { t } = useI18n();
  const parts: Array<[MessageKey, string | undefined]> = [
    ['mapping.errorField', where.field],
    ['mapping.errorExpression', where.expression],
    ['mapping.errorValue', where.value],
  ];
  return (
    <div style={WRAP}>
      {parts.map(([label, value]) =>
        value === undefined ? null : (
          <span key={label} style={{ marginRight: 12 }}>
            <Typography.Text type="secondary">{t(label)}: </Typography.Text>
            <code>{value}</code>
          </span>
        ),
      )}
    </div>
  );
}

function Details({ facts, raw }: { facts: ErrorFacts; raw: unknown }) {
  const { t } = useI18n();
  const tags = tagsOf(facts, t);
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {tags.length > 0 && (
        <Space wrap size={[0, 4]}>
          {tags}
        </Space>
      )}
      {facts.system && <SystemAnswer system={facts.system} />}
      {facts.where && <Where where={facts.where} />}
      {facts.last?.code && (
        <div>
          <Typography.Text type="secondary">{t('error.lastError')}: </Typography.Text>
          <CodeTag code={facts.last.code} />
          {facts.last.failure && <FailureTag failure={facts.last.failure} />}
        </div>
      )}
      {facts.hint && (
        <Typography.Text type="secondary" style={WRAP} data-testid="error-hint">
          <BulbOutlined /> {t(HINTS[facts.hint])}
        </Typography.Text>
      )}
      <Collapse
        ghost
        size="small"
        data-testid="error-raw"
        items={[{ key: 'raw', label: t('error.raw'), children: <JsonBlock value={raw} /> }]}
      />
    </Space>
  );
}

/**
 * A stored error (a run's, a step's, a record's) at a glance, as one error alert: the message in the console's
 * language, the code, what kind of failure it is and what to do, the target system's own code and message, the
 * HTTP status, and the raw JSON behind a collapsed 原始数据 / Raw. A shape it does not know is shown as JSON.
 */
export function ErrorSummary({ error, testId }: { error: unknown; testId?: string }) {
  const { t, lang } = useI18n();
  const facts = errorFacts(error, lang);
  if (!facts) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('runs.error')}
        description={<JsonBlock value={error} />}
        data-testid={testId}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      data-code={facts.code}
      data-failure={facts.failure}
      title={
        <Typography.Paragraph
          style={{ ...WRAP, fontWeight: 500 }}
          ellipsis={{ rows: 4, expandable: 'collapsible' }}
          data-testid="error-message"
        >
          {facts.message || t('runs.error')}
        </Typography.Paragraph>
      }
      description={<Details facts={facts} raw={error} />}
    />
  );
}

/** One problem on one line: where (a field path), the message in the console's language, its code as a tag. */
export function ErrorLine({ error, where }: { error: unknown; where?: string }) {
  const { lang } = useI18n();
  const facts = errorFacts(error, lang);
  return (
    <span style={WRAP}>
      {where && <code style={{ marginRight: 6 }}>{where}</code>}
      {facts ? facts.message : JSON.stringify(error)}
      {facts?.code && (
        <Tag style={{ marginLeft: 6, fontFamily: 'monospace' }} variant="filled">
          {facts.code}
        </Tag>
      )}
    </span>
  );
}
