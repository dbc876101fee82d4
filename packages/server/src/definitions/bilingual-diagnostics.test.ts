import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIn } from '../errors/bilingual.ts';
import type { Diagnostic } from './diagnostic.ts';
import { formatDiagnostic } from './format-diagnostic.ts';
import { loadDirectory } from './load-directory.ts';

const CJK = /[\u3400-\u9fff]/;

/** The Chinese of a text that `other` does not have: none when a message's English half only repeats values. */
const ownChinese = (text: string, other: string) =>
  (text.match(/[\u3400-\u9fff]+/g) ?? []).filter((run) => !other.includes(run));

/**
 * Definitions with one mistake of each kind, with Chinese values and values holding ` / ` — what `qiao
 * validate --lang en` prints must have no Chinese of its own, and `--lang zh` some.
 */
const FILES: Record<string, string> = {
  'types.flow.yaml': `schemaVersion: 1
kind: flow
id: types
name: 报销
trigger: 表单 / 保存
steps: "步骤"
`,
  'keys.flow.yaml': `schemaVersion: 1
kind: flow
id: keys
name: keys
触发: 1
trigger: { type: manual }
steps:
  - { id: a, type: set, values: { x: "{{ steps.没有.output }}" } }
  - { id: "报销 / 单", type: set, values: { y: "{{ trigger.a " } }
  - { id: c, type: sleep }
`,
  'form.form.yaml': `schemaVersion: 1
kind: form
id: f
name: 表单
fields:
  - { id: "金额 / 元", label: 金额, type: money }
`,
  'connector.connector.yaml': `schemaVersion: 1
kind: connector
id: conn
name: c
baseUrl: https://example.com
operations:
  ping:
    method: GET
    path: "/p/{{ connection.config.clientId }}"
    headers: { x: "{{ secrez.k }}" }
`,
  'refs.flow.yaml': `schemaVersion: 1
kind: flow
id: refs
name: 引用
trigger: { type: manual }
steps:
  - { id: a, type: set, values: { x: "{{ steps.b.output }}", y: "{{ $金额(1) }}" } }
  - { id: b, type: call, connection: e, operation: 查询 }
  - { id: b, type: call, connection: nope, operation: ping }
`,
  'sync.sync.yaml': `schemaVersion: 1
kind: sync
id: s
name: s
schedule: { cron: "每天", timezone: 北京 }
source: { connection: 没有的连接, operation: list, key: id }
mapping: { a: "{{ id }}" }
target: { connection: 没有的连接, operation: save }
`,
  'env.connection.yaml': `schemaVersion: 1
kind: connection
id: e
connector: conn
secrets: { k: "\${env:QIAO_TEST_UNSET}" }
`,
  'syntax.flow.yaml': 'schemaVersion: 1\nkind: flow\nid: "报销\n',
  'duplicate.flow.yaml': 'schemaVersion: 1\nkind: flow\nkind: flow\n',
};

describe('diagnostics in the language of the CLI', () => {
  let dir: string;
  let diagnostics: Diagnostic[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qiao-bilingual-diagnostics-'));
    for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
    diagnostics = (await loadDirectory(dir, { env: {} })).diagnostics;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds a problem in every file', () => {
    expect(new Set(diagnostics.map((d) => d.file))).toEqual(new Set(Object.keys(FILES)));
    expect([...new Set(diagnostics.map((d) => d.code))]).toEqual(
      expect.arrayContaining([
        'schema.type',
        'schema.format',
        'schema.unknown_key',
        'schema.enum',
        'schema.cron',
        'schema.timezone',
        'expr.unknown_root',
        'expr.unclosed_template',
        'expr.unknown_function',
        'ref.step_not_before',
        'ref.duplicate_step_id',
        'ref.unknown_connection',
        'ref.unset_env',
        'yaml.syntax',
        'yaml.duplicate_key',
      ]),
    );
  });

  it('cuts every message in two: no Chinese of its own in English, some in Chinese', () => {
    for (const d of diagnostics) {
      const en = formatDiagnostic(d, 'en');
      const zh = formatDiagnostic(d, 'zh');
      const [zhHalf, enHalf] = [messageIn(d.message, 'zh'), messageIn(d.message, 'en')];
      expect(enHalf, d.message).not.toBe(d.message);
      expect(ownChinese(enHalf, zhHalf), d.message).toEqual([]);
      expect(zhHalf, d.message).toMatch(CJK);
      expect(en.endsWith(`  ${enHalf}`), en).toBe(true);
      expect(zh.endsWith(`  ${zhHalf}`), zh).toBe(true);
    }
  });

  it('keeps a quoted value holding the separator whole in both halves', () => {
    const type = diagnostics.find((d) => d.code === 'schema.type' && d.path === 'trigger');
    expect(type && formatDiagnostic(type, 'en')).toMatch(
      /trigger {2}Expected object, got string "表单 \/ 保存"\.$/,
    );
    expect(type && formatDiagnostic(type, 'zh')).toMatch(
      /trigger {2}类型不对：应为 object，实际是 string "表单 \/ 保存"$/,
    );
  });
});
