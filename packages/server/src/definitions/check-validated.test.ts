import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReferenceCatalogue } from './check-references.ts';
import { checkValidated, withoutReported } from './check-validated.ts';
import type { Diagnostic, DocumentPath } from './diagnostic.ts';
import { TEST_BUILTINS } from './fixtures/marked-line.ts';
import { projectCatalogue } from './project-catalogue.ts';
import { validateDocument, validateValue } from './validate-document.ts';

const catalogue: ReferenceCatalogue = projectCatalogue(
  [
    { schemaVersion: 1, kind: 'connection', id: 'dt', connector: 'dingtalk', environment: 'dev', config: {} },
    { schemaVersion: 1, kind: 'connection', id: 'k3', connector: 'kingdee-k3cloud', environment: 'dev' },
  ] as never,
  TEST_BUILTINS,
);

/** The 1-based line of the text marked `#<name`. */
function lineOf(text: string, name: string): number {
  const index = text.split('\n').findIndex((line) => line.endsWith(`#<${name}`));
  if (index === -1) throw new Error(`no #<${name} marker`);
  return index + 1;
}

async function check(text: string) {
  const result = validateDocument(text, { file: 'doc.yaml' });
  return { result, diagnostics: await checkValidated(result, catalogue, { env: {} }) };
}

const flow = (steps: string) =>
  `schemaVersion: 1\nkind: flow\nid: f\nname: f\ntrigger: { type: manual }\nsteps:\n${steps}`;

/** No diagnostic other than the schema's at (or inside) a path the schema reported. */
function expectNoSecondSay(diagnostics: readonly Diagnostic[]): void {
  const schema = diagnostics.filter((d) => d.code.startsWith('schema.'));
  const others = diagnostics.filter((d) => !d.code.startsWith('schema.'));
  expect(withoutReported(others, schema), JSON.stringify(diagnostics, null, 1)).toEqual(others);
}

describe('checkValidated', () => {
  it('reports a schema error, a wrong connection and a bad expression of one file at once', async () => {
    const text = flow(
      [
        '  - id: list',
        '    type: call',
        '    connection: dingding #<conn',
        '    operation: listApprovals',
        '  - id: note',
        "    type: set\n    values: { at: '{{ $now() }}' }",
        '  - id: get',
        '    type: call',
        '    connection: dt',
        '    operation: getApproval',
        '    retyr: { maxAttempts: 3 } #<key',
        "    input: { id: '{{ steps.list.output[0] }}' }",
        '  - id: ok',
        "    type: set\n    values: { ok: '{{ steps.get.output.ok }}' }",
        '  - id: result',
        '    type: set',
        '    values:',
        "      total: '{{ $sum(steps.get.output.amounts, ) }}' #<expr",
        '',
      ].join('\n'),
    );
    const { result, diagnostics } = await check(text);
    expect(result.document).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.path, d.file, d.line])).toEqual([
      ['ref.unknown_connection', 'steps[0].connection', 'doc.yaml', lineOf(text, 'conn')],
      ['schema.unknown_key', 'steps[2].retyr', 'doc.yaml', lineOf(text, 'key')],
      ['expr.syntax', 'steps[4].values.total', 'doc.yaml', lineOf(text, 'expr')],
    ]);
    expect(diagnostics[0]?.message).toBe('没有连接 "dingding" / No connection "dingding".');
  });

  it('checks every part of a sync that failed the schema', async () => {
    const text = [
      'schemaVersion: 1',
      'kind: sync',
      'id: s',
      'name: s',
      'source:',
      '  connection: dt',
      '  operation: getApproval #<mode',
      '  key: id',
      '  watermark: { field: finishTime, fromParam: from, overlap: soon } #<overlap',
      'mapping:',
      "  FBillNo: '{{ business_id & }}' #<expr",
      'target:',
      '  connection: k4 #<conn',
      '  operation: batchSave',
      '',
    ].join('\n');
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => [d.code, d.path, d.line])).toEqual([
      ['ref.operation_mode', 'source.operation', lineOf(text, 'mode')],
      ['schema.format', 'source.watermark.overlap', lineOf(text, 'overlap')],
      ['expr.syntax', 'mapping.FBillNo', lineOf(text, 'expr')],
      ['ref.unknown_connection', 'target.connection', lineOf(text, 'conn')],
    ]);
  });

  it.each([
    ['a connection that is not text', '  - { id: a, type: call, connection: 42, operation: getApproval }\n'],
    [
      'an operation id of the wrong form',
      '  - { id: a, type: call, connection: dt, operation: get approval }\n',
    ],
    ['an empty when', "  - { id: a, type: set, when: '', values: {} }\n"],
    [
      'an input that is not an object',
      "  - { id: a, type: call, connection: dt, operation: x, input: '{{ ( }}' }\n",
    ],
    ['a branch that is not a list', "  - { id: c, type: condition, if: 'true', then: '{{ ( }}' }\n"],
    ['a step that is not an object', "  - '{{ steps.nowhere }}'\n"],
    ['a step of an unknown type', '  - { id: a, type: cal, connection: nowhere, operation: x }\n'],
    ['a step without an id', '  - { type: call, connection: nowhere, operation: x, input: { a: 1 } }\n'],
    ['a loop whose steps are an object', "  - { id: l, type: forEach, items: 'x', steps: { id: b } }\n"],
    ['a null step list', ''],
  ])('neither crashes nor says twice: %s', async (_name, steps) => {
    const text = steps === '' ? flow('').replace('steps:\n', 'steps: null\n') : flow(steps);
    const { result, diagnostics } = await check(text);
    expect(result.document).toBeUndefined();
    expect(diagnostics.some((d) => d.code.startsWith('schema.'))).toBe(true);
    expectNoSecondSay(diagnostics);
    const where = new Set(diagnostics.map((d) => `${d.code} ${d.path}`));
    expect(where.size).toBe(diagnostics.length);
  });

  it('still checks the well-formed steps beside a malformed one', async () => {
    const text = flow(
      '  - { id: a, type: call, connection: 42, operation: getApproval }\n' +
        '  - { id: b, type: call, connection: nowhere, operation: getApproval } #<conn\n',
    );
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => [d.code, d.path, d.line])).toEqual([
      ['schema.type', 'steps[0].connection', 6 + 1],
      ['ref.unknown_connection', 'steps[1].connection', lineOf(text, 'conn')],
    ]);
  });

  it('does not call a step unknown when a step id could not be read', async () => {
    const text = flow(
      '  - { idd: fetch, type: set, values: {} }\n' +
        "  - { id: b, type: set, values: { x: '{{ steps.fetch.output & steps.b.output }}' } } #<later\n",
    );
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['schema.required', 'steps[0].id'],
      ['schema.unknown_key', 'steps[0].idd'],
      ['ref.step_not_before', 'steps[1].values.x'],
    ]);
  });

  it('leaves a document of unknown kind and an unparsed text unchecked', async () => {
    const unknownKind = await check('schemaVersion: 1\nkind: flwo\nid: f\nconnection: nowhere\n');
    expect(unknownKind.diagnostics.map((d) => d.code)).toEqual(['schema.enum']);
    const unparsed = await check('kind: flow\nsteps: [\n');
    expect(unparsed.diagnostics.map((d) => d.code)).toEqual(['yaml.syntax']);
  });

  it('adds the reference checks of a valid document', async () => {
    const { result, diagnostics } = await check(
      flow('  - { id: a, type: call, connection: dt, operation: nope }\n'),
    );
    expect(result.document).toBeDefined();
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['ref.unknown_operation', 'steps[0].operation'],
    ]);
  });

  it('survives any part of the example project replaced by a value of the wrong type', async () => {
    const folder = new URL('./fixtures/project/', import.meta.url);
    const files = readdirSync(folder).filter((f) => f.endsWith('.yaml'));
    const documents = files.map((f) => validateDocument(readFileSync(new URL(f, folder), 'utf8')));
    const project = projectCatalogue(
      documents.flatMap((d) => (d.document ? [d.document] : [])),
      TEST_BUILTINS,
    );
    let checked = 0;
    for (const { value } of documents) {
      for (const path of nodePaths(value)) {
        if (path.length === 0) continue;
        for (const replacement of [null, 7, 'a ( {{', [], { x: 1 }]) {
          const mutated = replaceAt(value, path, replacement);
          const diagnostics = await checkValidated(validateValue(mutated), project, { env: {} });
          expectNoSecondSay(diagnostics);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

/** Every path of a plain value, the root included. */
function nodePaths(value: unknown, at: DocumentPath = []): DocumentPath[] {
  const out: DocumentPath[] = [at];
  if (value === null || typeof value !== 'object') return out;
  const entries = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
  for (const [key, item] of entries) out.push(...nodePaths(item, [...at, key]));
  return out;
}

/** A deep copy of `root` with the node at `path` replaced. */
function replaceAt(root: unknown, path: DocumentPath, replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}
