import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { RunInfo } from '../api/types.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Link } from '../components/link.tsx';
import { JsonBlock } from '../components/page-state.tsx';
import { RunStatusTag } from '../components/status-tag.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { FormField } from '../mapping/field-tree.ts';
import type { FormDef } from './flow-context.ts';
import { problemsOf } from './problems.ts';
import { problemLine, problemText, type RecordProblem, recordProblemsOf } from './record-problems.ts';

type RecordData = Record<string, unknown>;

function FieldInput({
  field,
  value,
  onChange,
  testId,
  invalid,
}: {
  field: FormField;
  value: unknown;
  onChange(v: unknown): void;
  testId: string;
  /** Marks the input as refused by the server. */
  invalid?: boolean;
}) {
  const status = invalid ? 'error' : undefined;
  if (field.type === 'number' || field.type === 'decimal')
    return (
      <InputNumber
        style={{ width: '100%' }}
        value={value as number | null}
        onChange={(v) => onChange(v ?? undefined)}
        status={status}
        data-testid={testId}
      />
    );
  if (field.type === 'boolean')
    return <Checkbox checked={!!value} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />;
  if (field.type === 'select')
    return (
      <Select
        style={{ width: '100%' }}
        value={value as string}
        onChange={onChange}
        options={field.options}
        status={status}
        data-testid={testId}
      />
    );
  if (field.type === 'textarea')
    return (
      <Input.TextArea
        value={String(value ?? '')}
        onChange={(e) => onChange(e.target.value)}
        status={status}
        data-testid={testId}
      />
    );
  return (
    <Input
      type={field.type === 'date' ? 'date' : field.type === 'datetime' ? 'datetime-local' : 'text'}
      value={String(value ?? '')}
      onChange={(e) => onChange(e.target.value || undefined)}
      status={status}
      data-testid={testId}
    />
  );
}

/**
 * Data entry for a form: header fields and a grid per detail table; saving shows the runs it fired and their
 * result. A refused record lists every problem by field, detail table and row, and marks those fields and
 * cells (a mark goes when its field is edited).
 */
export function RecordEntry({ form }: { form: FormDef }) {
  const { t } = useI18n();
  const details = form.details ?? [];
  const blankRows = () =>
    Object.fromEntries(
      details.map((d) => [d.id, Array.from({ length: Math.max(1, d.minRows ?? 1) }, () => ({}))]),
    );
  const [data, setData] = useState<RecordData>(() => ({
    ...Object.fromEntries(
      form.fields
        .filter((f) => f.type === 'select' && f.options?.[0])
        .map((f) => [f.id, f.options?.[0]?.value]),
    ),
    ...blankRows(),
  }));
  const [problems, setProblems] = useState<RecordProblem[]>([]);
  const [error, setError] = useState<string>();
  const [runIds, setRunIds] = useState<string[]>();
  const [busy, setBusy] = useState(false);

  /** The server's words for the problems at a path (header field `date`, cell `lines[0].exp`, table `lines`). */
  const problemAt = (path: string) =>
    problems
      .filter((p) => p.path === path)
      .map((p) => problemText(p, form, t))
      .join('; ');
  const forget = (match: (p: RecordProblem) => boolean) =>
    setProblems((list) => (list.some(match) ? list.filter((p) => !match(p)) : list));
  const setRow = (detail: string, i: number, key: string, v: unknown) => {
    forget((p) => p.path === `${detail}[${i}].${key}` || p.path === `${detail}[${i}]`);
    setData((d) => {
      const rows = [...((d[detail] as RecordData[]) ?? [])];
      rows[i] = { ...rows[i], [key]: v };
      return { ...d, [detail]: rows };
    });
  };
  const save = async () => {
    setBusy(true);
    try {
      const clean = JSON.parse(JSON.stringify(data)) as RecordData;
      const res = await api<{ record: { id: string }; runIds: string[] }>(
        'POST',
        `/forms/${encodeURIComponent(form.id)}/records`,
        { data: clean },
      );
      setProblems([]);
      setError(undefined);
      setRunIds(res.runIds);
    } catch (e) {
      const found = recordProblemsOf(e, form);
      setProblems(found);
      setError(found.length ? undefined : problemsOf(e).join('; '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {error && <Alert type="error" showIcon title={error} data-testid="record-errors" />}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('forms.problems', { n: problems.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {problems.map((p) => (
                <li key={`${p.path}:${p.code}`} data-testid="record-problem" data-path={p.path}>
                  {problemLine(p, form, t)}
                </li>
              ))}
            </ul>
          }
          data-testid="record-errors"
        />
      )}
      <Card size="small">
        <Form layout="vertical">
          <Row gutter={16}>
            {form.fields.map((f) => {
              const problem = problemAt(f.id);
              return (
                <Col span={8} key={f.id}>
                  <Form.Item
                    label={f.label || f.id}
                    required={f.required}
                    validateStatus={problem ? 'error' : undefined}
                    help={problem ? <span data-testid={`problem-entry-${f.id}`}>{problem}</span> : undefined}
                  >
                    <FieldInput
                      field={f}
                      value={data[f.id]}
                      onChange={(v) => {
                        forget((p) => p.path === f.id);
                        setData((d) => ({ ...d, [f.id]: v }));
                      }}
                      testId={`entry-${f.id}`}
                    />
                  </Form.Item>
                </Col>
              );
            })}
          </Row>
        </Form>
      </Card>
      {details.map((d) => {
        const rows = (data[d.id] as RecordData[]) ?? [];
        const tableProblem = problemAt(d.id);
        return (
          <Card
            key={d.id}
            size="small"
            title={d.label}
            extra={
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => {
                  forget((p) => p.path === d.id);
                  setData((x) => ({ ...x, [d.id]: [...((x[d.id] as RecordData[]) ?? []), {}] }));
                }}
                data-testid={`add-row-${d.id}`}
              >
                {t('forms.addRow')}
              </Button>
            }
          >
            {tableProblem && (
              <Typography.Text type="danger" data-testid={`problem-detail-${d.id}`}>
                {tableProblem}
              </Typography.Text>
            )}
            <Table
              size="small"
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={rows}
              columns={[
                {
                  title: '#',
                  width: 40,
                  render: (_, __, i) => {
                    const rowProblem = problemAt(`${d.id}[${i}]`);
                    return rowProblem ? (
                      <Typography.Text type="danger" title={rowProblem}>
                        {i + 1}
                      </Typography.Text>
                    ) : (
                      i + 1
                    );
                  },
                },
                ...d.fields.map((f) => ({
                  title: `${f.label || f.id}${f.required ? ' *' : ''}`,
                  render: (_: unknown, r: RecordData, i: number) => {
                    const problem = problemAt(`${d.id}[${i}].${f.id}`);
                    return (
                      <>
                        <FieldInput
                          field={f}
                          value={r[f.id]}
                          onChange={(v) => setRow(d.id, i, f.id, v)}
                          testId={`cell-${d.id}-${i}-${f.id}`}
                          invalid={problem !== ''}
                        />
                        {problem && (
                          <Typography.Text
                            type="danger"
                            style={{ display: 'block', fontSize: 12 }}
                            data-testid={`problem-cell-${d.id}-${i}-${f.id}`}
                          >
                            {problem}
                          </Typography.Text>
                        )}
                      </>
                    );
                  },
                })),
                {
                  title: '',
                  width: 50,
                  render: (_, __, i) => (
                    <Button
                      size="small"
                      icon={<DeleteOutlined />}
                      onClick={() => {
                        // Rows after it move up: their marks would point at the wrong row.
                        forget((p) => p.detail === d.id && p.row !== undefined);
                        setData((x) => ({
                          ...x,
                          [d.id]: ((x[d.id] as RecordData[]) ?? []).filter((_, j) => j !== i),
                        }));
                      }}
                    />
                  ),
                },
              ]}
            />
          </Card>
        );
      })}
      <Space>
        <Button type="primary" loading={busy} onClick={save} data-testid="record-save">
          {t('forms.saveRecord')}
        </Button>
        <Button
          onClick={() => {
            setData(blankRows());
            setRunIds(undefined);
            setProblems([]);
            setError(undefined);
          }}
        >
          {t('forms.reset')}
        </Button>
      </Space>
      {runIds && <SaveResult runIds={runIds} />}
    </Space>
  );
}

function SaveResult({ runIds }: { runIds: string[] }) {
  const { t } = useI18n();
  const [runs, setRuns] = useState<RunInfo[]>([]);
  useEffect(() => {
    let live = true;
    const poll = async () => {
      const list = await Promise.all(
        runIds.map((id) => api<RunInfo>('GET', `/runs/${encodeURIComponent(id)}`)),
      );
      if (!live) return;
      setRuns(list);
      if (list.some((r) => !['succeeded', 'failed', 'cancelled'].includes(r.status)))
        setTimeout(() => void poll(), 500);
    };
    void poll();
    return () => {
      live = false;
    };
  }, [runIds]);
  return (
    <Card size="small" title={t('forms.saved')} data-testid="save-result">
      {runIds.length === 0 && <Alert type="info" showIcon title={t('forms.noFlows')} />}
      {runs.map((r) => (
        <div key={r.id} style={{ marginBottom: 8 }} data-testid={`result-run-${r.status}`}>
          <Space>
            <RunStatusTag run={r} />
            <span>{t('forms.ranFlow', { flow: String(r.flowId) })}</span>
            <Link to={`/runs/${encodeURIComponent(r.id)}`} testId="open-result-run">
              {t('forms.openRun')}
            </Link>
          </Space>
          {r.output !== null && r.output !== undefined && (
            <JsonBlock value={r.output} testId="result-output" />
          )}
          {r.error ? <ErrorSummary error={r.error} testId="result-error" /> : null}
        </div>
      ))}
    </Card>
  );
}
