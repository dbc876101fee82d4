import { Card, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { textOf } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { type EditorContext, schemaFields } from './flow-context.ts';
import type { Diagnostic } from './problems.ts';
import {
  type FieldPath,
  getPath,
  problemsAt,
  problemsByKey,
  type SyncDoc,
  setPath,
  textOfValue,
  valueOfText,
} from './sync-form-model.ts';
import { KeyValueRows } from './sync-key-values.tsx';

/** What every form field gets: the definition, how to change it, the server's diagnostics and the catalogue. */
export interface SyncFormState {
  doc: SyncDoc;
  change(next: SyncDoc): void;
  diags: Diagnostic[];
  ctx: EditorContext;
}

interface FieldProps {
  f: SyncFormState;
  path: FieldPath;
  label: string;
}

const idOf = (path: FieldPath) => path.join('.');

/** A labelled form item that shows the server's diagnostics for its path, and an optional help text below. */
export function Item({
  f,
  path,
  label,
  extra,
  children,
}: FieldProps & { extra?: ReactNode; children: ReactNode }) {
  const problems = problemsAt(f.diags, path);
  return (
    <Form.Item
      label={label}
      extra={extra}
      validateStatus={problems.length ? 'error' : undefined}
      help={
        problems.length ? (
          <span data-testid={`sync-problem-${idOf(path)}`}>{problems.join('; ')}</span>
        ) : undefined
      }
    >
      {children}
    </Form.Item>
  );
}

/**
 * A text field. Emptying a required one keeps the key (`''`, so the server names it); an optional one left
 * empty is removed when the field loses focus (so retyping keeps its place). `typed` fields read numbers and
 * booleans as such (durations: `10m` or `600000`).
 */
export function TextField({
  f,
  path,
  label,
  required,
  typed,
  rows,
  placeholder,
}: FieldProps & { required?: boolean; typed?: boolean; rows?: number; placeholder?: string }) {
  const value = getPath(f.doc, path);
  const props = {
    value: textOfValue(value),
    placeholder,
    onChange: (e: { target: { value: string } }) =>
      f.change(setPath(f.doc, path, typed ? valueOfText(e.target.value) : e.target.value)),
    onBlur: () => {
      if (value === '' && !required) f.change(setPath(f.doc, path, undefined));
    },
    'data-testid': `sync-field-${idOf(path)}`,
  };
  return (
    <Item f={f} path={path} label={label}>
      {rows ? <Input.TextArea {...props} rows={rows} /> : <Input {...props} />}
    </Item>
  );
}

/** A whole number within `min`…`max`; left empty, the key is removed on blur (the server's default applies). */
export function NumberField({ f, path, label, min, max }: FieldProps & { min: number; max: number }) {
  const value = getPath(f.doc, path);
  return (
    <Item f={f} path={path} label={label}>
      <InputNumber
        style={{ width: '100%' }}
        min={min}
        max={max}
        precision={0}
        value={typeof value === 'number' ? value : null}
        onChange={(v) => {
          if (v !== null) f.change(setPath(f.doc, path, v));
        }}
        onBlur={(e) => {
          if (e.target.value === '' && value !== undefined) f.change(setPath(f.doc, path, undefined));
        }}
        data-testid={`sync-field-${idOf(path)}`}
      />
    </Item>
  );
}

function operationsOf(ctx: EditorContext, connection: unknown) {
  const conn = ctx.connections.find((c) => c.id === connection);
  return ctx.connectors.find((c) => c.id === conn?.connector)?.operations ?? [];
}

/** A connection picked from `GET /connections`; an operation the new connection lacks is cleared. */
export function ConnectionField({ f, path, label, operations }: FieldProps & { operations: FieldPath[] }) {
  return (
    <Item f={f} path={path} label={label}>
      <Select
        showSearch
        value={textOfValue(getPath(f.doc, path)) || undefined}
        onChange={(id: string) => {
          const known = new Set(operationsOf(f.ctx, id).map((o) => o.id));
          let next = setPath(f.doc, path, id);
          for (const op of operations) {
            const current = getPath(next, op);
            if (typeof current === 'string' && current && !known.has(current)) next = setPath(next, op, '');
          }
          f.change(next);
        }}
        options={f.ctx.connections.map((c) => ({
          value: c.id,
          label: c.name ? `${c.name} (${c.id})` : c.id,
        }))}
        data-testid={`sync-field-${idOf(path)}`}
      />
    </Item>
  );
}

/** An operation of the connection's connector, of the mode the role needs (list, batchWrite) when it says one. */
export function OperationField({
  f,
  path,
  label,
  connection,
  mode,
}: FieldProps & { connection: unknown; mode?: string }) {
  const { lang } = useI18n();
  const all = operationsOf(f.ctx, connection);
  const fitting = mode ? all.filter((o) => !o.mode || o.mode === mode) : all;
  return (
    <Item f={f} path={path} label={label}>
      <Select
        showSearch
        allowClear
        value={textOfValue(getPath(f.doc, path)) || undefined}
        onChange={(id: string | undefined) => f.change(setPath(f.doc, path, id ?? ''))}
        options={(fitting.length ? fitting : all).map((o) => ({
          value: o.id,
          label: `${textOf(o.name, lang)} (${o.id})`,
        }))}
        data-testid={`sync-field-${idOf(path)}`}
      />
    </Item>
  );
}

/** An object edited as key/value rows; keys the operation declares are offered. */
export function RowsField({
  f,
  path,
  label,
  connection,
  operation,
  optional,
}: FieldProps & { connection: unknown; operation: unknown; optional?: boolean }) {
  const op = operationsOf(f.ctx, connection).find((o) => o.id === operation);
  return (
    <Form.Item label={label}>
      <KeyValueRows
        value={getPath(f.doc, path)}
        onChange={(v) => f.change(setPath(f.doc, path, v))}
        suggestions={schemaFields(op?.inputSchema)}
        problems={problemsByKey(f.diags, path)}
        optional={optional}
        testId={`sync-rows-${idOf(path)}`}
      />
    </Form.Item>
  );
}

/** The sections that may be absent, with what switching one on adds (the minimum its schema asks for). */
function startOf(doc: SyncDoc, section: string): Record<string, unknown> {
  switch (section) {
    case 'detail':
      return { operation: '', input: {} };
    case 'watermark':
      return { field: '', fromParam: '' };
    case 'writeBack':
      return { connection: getPath(doc, ['source', 'connection']) ?? '', operation: '', input: {} };
    case 'schedule':
      return { cron: '*/5 * * * *' };
    default:
      return { maxAttempts: 5 };
  }
}

/** A card (or, nested, a titled block) of fields; an optional section has a switch that adds or removes it. */
export function Section({
  f,
  id,
  path,
  title,
  children,
}: {
  f: SyncFormState;
  id: string;
  path?: string[];
  title: string;
  children: ReactNode;
}) {
  const on = !path || getPath(f.doc, path) !== undefined;
  // Switching a section off and on again in one session brings back what it held.
  const [stash, setStash] = useState<unknown>();
  const toggle = path && (
    <Switch
      size="small"
      checked={on}
      onChange={(v) => {
        if (!v) setStash(getPath(f.doc, path));
        f.change(setPath(f.doc, path, v ? (stash ?? startOf(f.doc, path.at(-1) ?? '')) : undefined));
      }}
      data-testid={`sync-toggle-${id}`}
    />
  );
  return path && path.length > 1 ? (
    <div style={{ marginBottom: 8 }} data-testid={`sync-section-${id}`}>
      <Typography.Text strong>
        {title} {toggle}
      </Typography.Text>
      {on && <div style={{ marginTop: 8 }}>{children}</div>}
    </div>
  ) : (
    <Card
      size="small"
      title={title}
      extra={toggle}
      style={{ marginBottom: 12 }}
      data-testid={`sync-section-${id}`}
    >
      {on ? children : null}
    </Card>
  );
}
