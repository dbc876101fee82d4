import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { type KeyValueRow, objectOf, rowsOf, withText } from './sync-form-model.ts';
import { sameValue } from './sync-yaml-patch.ts';

interface Props {
  /** The object edited as rows (input parameters, templated write-back input). */
  value: unknown;
  /** Called with the new object; `undefined` when the last row of an optional object is removed. */
  onChange(value: Record<string, unknown> | undefined): void;
  /** Parameter names the operation declares (offered while typing a key). */
  suggestions: string[];
  /** Server problems by row key. */
  problems: Record<string, string[]>;
  optional?: boolean;
  testId: string;
}

/** Key/value rows over an object: a row keeps its exact value until its text is edited; rows without a key wait. */
export function KeyValueRows({ value, onChange, suggestions, problems, optional, testId }: Props) {
  const { t } = useI18n();
  const [rows, setRows] = useState<KeyValueRow[]>(() => rowsOf(value));
  useEffect(() => {
    // Follow edits made elsewhere (the YAML view); rows still without a key are not in the object.
    setRows((current) => (sameValue(objectOf(current), value ?? {}) ? current : rowsOf(value)));
  }, [value]);
  const update = (next: KeyValueRow[]) => {
    setRows(next);
    const object = objectOf(next);
    if (sameValue(object, value ?? {})) return;
    onChange(optional && next.length === 0 ? undefined : object);
  };
  const seen = new Set<string>();
  const free = suggestions.filter((s) => !rows.some((r) => r.key === s));
  return (
    <div data-testid={testId}>
      {rows.map((row, i) => {
        const duplicate = row.key !== '' && seen.has(row.key);
        seen.add(row.key);
        const rowProblems = problems[row.key] ?? [];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional; a key may be empty or repeated while typed
          <div key={i} style={{ marginBottom: 6 }}>
            <Space.Compact style={{ width: '100%' }}>
              <AutoComplete
                style={{ width: '38%' }}
                value={row.key}
                options={free.map((s) => ({ value: s }))}
                onChange={(key: string) => update(rows.map((r, j) => (j === i ? { ...r, key } : r)))}
                placeholder={t('syncForm.paramName')}
                status={duplicate || rowProblems.length ? 'error' : undefined}
                data-testid={`${testId}-key-${i}`}
              />
              <Input
                value={row.text}
                onChange={(e) => update(rows.map((r, j) => (j === i ? withText(r, e.target.value) : r)))}
                placeholder={t('mapping.valuePlaceholder')}
                status={rowProblems.length ? 'error' : undefined}
                data-testid={`${testId}-value-${i}`}
              />
              <Button
                icon={<DeleteOutlined />}
                onClick={() => update(rows.filter((_, j) => j !== i))}
                data-testid={`${testId}-remove-${i}`}
              />
            </Space.Compact>
            {(duplicate || rowProblems.length > 0) && (
              <Typography.Text type="danger" data-testid={`${testId}-problem-${i}`}>
                {duplicate ? t('syncForm.duplicateKey') : rowProblems.join('; ')}
              </Typography.Text>
            )}
          </div>
        );
      })}
      <Button
        size="small"
        icon={<PlusOutlined />}
        onClick={() => setRows([...rows, { key: '', text: '', value: '' }])}
        data-testid={`${testId}-add`}
      >
        {t('syncForm.addRow')}
      </Button>
    </div>
  );
}
