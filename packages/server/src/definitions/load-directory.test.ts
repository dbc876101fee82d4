import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasErrors } from './diagnostic.ts';
import { markedLine, TEST_BUILTINS } from './fixtures/marked-line.ts';
import { loadDirectory } from './load-directory.ts';

const fixture = new URL('./fixtures/project/', import.meta.url).pathname;
const env = { QIAO_JDY_SECRET: 's', QIAO_DINGTALK_SECRET: 's', QIAO_K3_PASSWORD: 's' };
const temps: string[] = [];

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qiao-defs-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadDirectory', () => {
  it('loads the seed example project without problems', async () => {
    const { documents, diagnostics } = await loadDirectory(fixture, {
      builtinConnectors: TEST_BUILTINS,
      env,
    });
    expect(diagnostics).toEqual([]);
    expect(documents.map((d) => `${d.document.kind}:${d.document.id}`).sort()).toEqual([
      'connection:dingtalk',
      'connection:jdyProd',
      'connection:k3cloud',
      'connector:jdy',
      'flow:voucherToJdy',
      'form:voucher',
      'sync:approvalToPaybill',
    ]);
  });

  it('needs the built-in connectors to resolve the sync', async () => {
    const { diagnostics } = await loadDirectory(fixture, { env });
    const codes = new Set(diagnostics.map((d) => `${d.file} ${d.code}`));
    expect(codes).toContain('dingtalk-connection.yaml ref.unknown_connector');
    expect(codes).toContain('approval-paybill-sync.yaml ref.unknown_operation');
  });

  it('reports duplicate ids of the same kind and keeps the first', async () => {
    const conn = (connector: string) =>
      `schemaVersion: 1\nkind: connection\nid: same #<\nconnector: ${connector}\n`;
    const form =
      'schemaVersion: 1\nkind: form\nid: same\nname: f\nfields: [{ id: a, label: A, type: text }]\n';
    const dir = await project({
      'a.yaml': conn('dingtalk'),
      'b.yml': conn('kingdee-k3cloud'),
      // A Qiao document by its schemaVersion (a JSON without kind or schemaVersion is not read at all).
      'c.json': JSON.stringify({ schemaVersion: 1 }),
      'f.yaml': form,
    });
    const { documents, diagnostics } = await loadDirectory(dir, { builtinConnectors: TEST_BUILTINS });
    const dup = diagnostics.filter((d) => d.code === 'ref.duplicate_id');
    expect(dup.map((d) => [d.file, d.path, d.line])).toEqual([['b.yml', 'id', markedLine(conn('x'))]]);
    expect(documents.map((d) => d.file)).toEqual(['a.yaml', 'f.yaml']);
    expect(diagnostics.find((d) => d.file === 'c.json')?.code).toBe('schema.required');
  });

  it('resolves references across files and reports them per file', async () => {
    const flow =
      'schemaVersion: 1\nkind: flow\nid: f\nname: f\ntrigger: { type: form, form: voucher }\nsteps:\n' +
      '  - id: a\n    type: call\n    connection: jdyProd\n    operation: getTokn #<\n';
    const dir = await project({
      'flow.yaml': flow,
      'conn.yaml': 'schemaVersion: 1\nkind: connection\nid: jdyProd\nconnector: jdy\n',
      'connector.yaml':
        'schemaVersion: 1\nkind: connector\nid: jdy\nname: j\noperations:\n  getToken: { method: GET, path: /t }\n',
      'broken.yaml': 'kind: [\n',
    });
    const { diagnostics } = await loadDirectory(dir);
    expect(hasErrors(diagnostics)).toBe(true);
    expect(diagnostics.map((d) => [d.file, d.code, d.line])).toEqual([
      ['broken.yaml', 'yaml.syntax', 2],
      ['flow.yaml', 'ref.unknown_form', 5],
      ['flow.yaml', 'ref.unknown_operation', markedLine(flow)],
    ]);
  });

  it('checks a file that failed the schema, against files that failed it too', async () => {
    const flow =
      'schemaVersion: 1\nkind: flow\nid: f\nname: f\ntrigger: { type: form, form: voucher }\nsteps:\n' +
      '  - id: a\n    type: call\n    connection: jdyProd\n    operation: getTokn #<\n' +
      "    input: { d: '{{ trigger.dat }}' }\n    retyr: {}\n";
    const dir = await project({
      'flow.yaml': flow,
      // Each fails the schema, yet names its connection, connector or form for the flow's checks.
      'conn.yaml': 'schemaVersion: 1\nkind: connection\nid: jdyProd\nconnector: jdy\nenviroment: prod\n',
      'connector.yaml':
        'schemaVersion: 1\nkind: connector\nid: jdy\noperations:\n  getToken: { method: GET, path: /t }\n',
      'form.yaml': 'schemaVersion: 1\nkind: form\nid: voucher\nname: v\nfields: { date: {} }\n',
    });
    const { documents, diagnostics } = await loadDirectory(dir);
    expect(documents).toEqual([]);
    expect(diagnostics.map((d) => [d.file, d.code, d.path, d.line])).toEqual([
      ['conn.yaml', 'schema.unknown_key', 'enviroment', 5],
      ['connector.yaml', 'schema.required', 'name', 1],
      ['flow.yaml', 'ref.unknown_operation', 'steps[0].operation', markedLine(flow)],
      ['flow.yaml', 'schema.unknown_key', 'steps[0].retyr', 12],
      ['form.yaml', 'schema.type', 'fields', 5],
    ]);
  });

  it('reports a duplicate id of a file that failed the schema with its other problems', async () => {
    const conn = (extra: string) =>
      `schemaVersion: 1\nkind: connection\nid: same\nconnector: dingtalk\n${extra}`;
    const dir = await project({ 'a.yaml': conn('bad: 1\n'), 'b.yaml': conn('') });
    const { documents, diagnostics } = await loadDirectory(dir, { builtinConnectors: TEST_BUILTINS });
    expect(documents).toEqual([]);
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['a.yaml', 'schema.unknown_key'],
      ['b.yaml', 'ref.duplicate_id'],
    ]);
  });

  it('skips dot folders and non-definition files', async () => {
    const dir = await project({ 'notes.txt': 'not yaml: [', '.hidden.yaml': 'kind: [' });
    expect(await loadDirectory(dir)).toEqual({ documents: [], diagnostics: [] });
  });
});
