import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Input, Space, Tooltip, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { JsonBlock } from '../components/page-state.tsx';
import { fromText, toYaml } from '../flow/flow-yaml.ts';
import { inLanguage } from '../i18n/bilingual.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { allPaths, completions, type FieldNode } from './field-tree.ts';
import { parseConstant } from './parse-constant.ts';
import { topField, useServerPreview } from './server-preview.ts';

interface Props {
  /** The mapping object: target field → templated value. */
  value: Record<string, unknown>;
  onChange(value: Record<string, unknown>): void;
  sources: FieldNode[];
  /** Target fields known from the operation's input schema. */
  targets: string[];
  /** The sample root the preview runs on; undefined: no sample yet (no preview is run, `noSample` is shown). */
  scope: unknown;
  /** What to show in place of the source tree and the preview while there is no sample. */
  noSample?: React.ReactNode;
  /** Variables for the preview (e.g. a sync's `tables`). */
  bindings?: Record<string, unknown>;
  /** Problems by target field name. */
  problems: Record<string, string[]>;
  testId?: string;
}

function toTree(
  nodes: FieldNode[],
): Array<{ key: string; title: React.ReactNode; children: ReturnType<typeof toTree> }> {
  return nodes.map((n) => ({
    key: n.path,
    title: (
      // biome-ignore lint/a11y/noStaticElementInteractions: a drag source; the tree row itself handles click/keyboard selection
      <span
        className="field-chip"
        draggable
        onDragStart={(e) => e.dataTransfer.setData('text/qiao-field', n.path)}
        data-testid={`source-${n.path}`}
      >
        {n.label}
        {n.label !== n.key && <Typography.Text type="secondary"> {n.key}</Typography.Text>}
        {n.kind === 'array' && ' [ ]'}
      </span>
    ),
    children: toTree(n.children),
  }));
}

/** Source fields beside target fields: map by drag or pick, constants and expressions with completion, live preview. */
export function MappingEditor({
  value,
  onChange,
  sources,
  targets,
  scope,
  bindings,
  problems,
  testId,
  noSample,
}: Props) {
  const { t, lang } = useI18n();
  const [focused, setFocused] = useState<string>();
  const [over, setOver] = useState<string>();
  const [newKey, setNewKey] = useState('');
  const paths = useMemo(() => allPaths(sources), [sources]);
  const keys = [...new Set([...Object.keys(value), ...targets])];
  const set = (key: string, v: unknown) => onChange({ ...value, [key]: v });
  const pick = (path: string) => {
    if (focused) set(focused, `{{ ${path} }}`);
  };
  const hasSample = scope !== undefined;
  const preview = useServerPreview(value, scope, bindings, hasSample);
  const failedField = topField(preview.error?.field);
  // The server's `中文 / English` message, in the console's language.
  const previewMessage = preview.error ? inLanguage(preview.error.message, lang) : '';

  return (
    <div data-testid={testId}>
      <Typography.Text strong>{t('mapping.sources')}</Typography.Text>
      <div className="field-tree">
        {!hasSample && noSample ? (
          noSample
        ) : sources.length === 0 ? (
          <Typography.Text type="secondary">{t('mapping.noSources')}</Typography.Text>
        ) : (
          <Tree
            blockNode
            defaultExpandAll
            treeData={toTree(sources)}
            onSelect={(k) => k[0] && pick(String(k[0]))}
          />
        )}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('mapping.hint')}
      </Typography.Text>
      <div style={{ marginTop: 8 }}>
        <Typography.Text strong>{t('mapping.targets')}</Typography.Text>
        {keys.map((key) => {
          const v = value[key];
          const isObject = v !== null && typeof v === 'object';
          const err =
            failedField === key && preview.error ? [...(problems[key] ?? []), previewMessage] : problems[key];
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: a drop zone for dragged source fields; the inputs inside are the keyboard path
            <div
              key={key}
              className={`drop-target${over === key ? ' over' : ''}`}
              style={{ margin: '6px 0' }}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(key);
              }}
              onDragLeave={() => setOver(undefined)}
              onDrop={(e) => {
                e.preventDefault();
                setOver(undefined);
                const p = e.dataTransfer.getData('text/qiao-field');
                if (p) set(key, `{{ ${p} }}`);
              }}
            >
              <Space.Compact style={{ width: '100%' }}>
                {/* Wide enough for ERP field names (K3Cloud FREALPAYAMOUNTFOR_D); the tooltip shows a longer one whole. */}
                <Tooltip title={err?.join('; ') ?? key}>
                  <Input
                    style={{ width: 190 }}
                    value={key}
                    readOnly
                    status={err ? 'error' : undefined}
                    data-testid={`target-${key}`}
                  />
                </Tooltip>
                {isObject ? (
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 10 }}
                    defaultValue={toYaml(v)}
                    onBlur={(e) => {
                      const p = fromText(e.target.value);
                      if (p.ok) set(key, p.value);
                    }}
                    style={{ fontFamily: 'monospace', fontSize: 12 }}
                    data-testid={`value-${key}`}
                  />
                ) : (
                  <AutoComplete
                    style={{ flex: 1 }}
                    // The list may be wider than the field: a completed path is read whole, not cut.
                    popupMatchSelectWidth={false}
                    value={v === undefined ? '' : String(v)}
                    options={completions(String(v ?? '').replace(/^\{\{\s*/, ''), paths).map((p) => ({
                      value: `{{ ${p} }}`,
                      label: p,
                    }))}
                    onFocus={() => setFocused(key)}
                    onChange={(text: string) => set(key, parseConstant(text))}
                    placeholder={t('mapping.valuePlaceholder')}
                  >
                    {/* A long template or expression wraps over up to six lines, then scrolls, instead of being cut. */}
                    <Input.TextArea
                      autoSize={{ minRows: 1, maxRows: 6 }}
                      status={err ? 'error' : undefined}
                      data-testid={`value-${key}`}
                    />
                  </AutoComplete>
                )}
                <Button
                  icon={<DeleteOutlined />}
                  onClick={() => {
                    const { [key]: _, ...rest } = value;
                    onChange(rest);
                  }}
                />
              </Space.Compact>
              {err && (
                <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`problem-${key}`}>
                  {err.join('; ')}
                </Typography.Text>
              )}
            </div>
          );
        })}
        <Space.Compact style={{ width: '100%' }}>
          <Input
            placeholder={t('mapping.newField')}
            value={newKey}
            onChange={(e) => setNewKey(e.target.value)}
            data-testid="new-target"
            onPressEnter={() => {
              if (newKey) {
                set(newKey, '');
                setNewKey('');
              }
            }}
          />
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              if (newKey) {
                set(newKey, '');
                setNewKey('');
              }
            }}
            data-testid="add-target"
          >
            {t('mapping.addField')}
          </Button>
          <Button
            onClick={() => {
              if (newKey) {
                set(newKey, { $each: 'trigger.lines', $as: 'line', $map: {} });
                setNewKey('');
              }
            }}
          >
            {t('mapping.addDetail')}
          </Button>
        </Space.Compact>
      </div>
      <div style={{ marginTop: 8 }}>
        <Typography.Text strong>{t('mapping.preview')}</Typography.Text>
        {!hasSample ? (
          <Typography.Paragraph type="secondary" data-testid="mapping-preview-none">
            {t('mapping.noSample')}
          </Typography.Paragraph>
        ) : preview.error ? (
          <div className="preview-error" data-testid="mapping-preview-error" data-code={preview.error.code}>
            <Typography.Text type="danger">{previewMessage}</Typography.Text>
            {preview.error.field !== undefined && (
              <div>
                {t('mapping.errorField')}:{' '}
                <code data-testid="preview-error-field">{preview.error.field}</code>
              </div>
            )}
            {preview.error.sourceValue !== undefined && (
              <div>
                {t('mapping.errorValue')}: <code>{JSON.stringify(preview.error.sourceValue)}</code>
              </div>
            )}
            {preview.error.expression !== undefined && (
              <div>
                {t('mapping.errorExpression')}: <code>{preview.error.expression}</code>
              </div>
            )}
          </div>
        ) : (
          <div data-loading={preview.loading ? 'true' : 'false'} data-testid="mapping-preview-state">
            <JsonBlock
              value={preview.loading && preview.output === undefined ? '…' : preview.output}
              testId="mapping-preview"
            />
          </div>
        )}
      </div>
    </div>
  );
}
