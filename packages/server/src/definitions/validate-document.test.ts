import { describe, expect, it } from 'vitest';
import { markedLine } from './fixtures/marked-line.ts';
import { validateDocument } from './validate-document.ts';

const flow = (body: string) => `schemaVersion: 1\nkind: flow\nid: f1\nname: test\n${body}`;
const manualFlow = (steps: string) => flow(`trigger: { type: manual }\nsteps:\n${steps}`);
const okStep = '  - { id: s1, type: set, values: { a: 1 } }\n';
const sync = (body: string) => `schemaVersion: 1\nkind: sync\nid: s1\nname: sync\nmapping: {}\n${body}`;
const okTarget = 'target: { connection: k3, operation: batchSave }\n';
const okSource = 'source: { connection: dt, operation: listApprovals, key: id }\n';
const connector = (ops: string) => `schemaVersion: 1\nkind: connector\nid: c1\nname: c\noperations:\n${ops}`;
const form = (fields: string) => `schemaVersion: 1\nkind: form\nid: fm\nname: form\nfields:\n${fields}`;

/** Bad documents: each names the expected code and path; the expected line carries a `#<` marker. */
const cases: Array<[name: string, text: string, code: string, path: string]> = [
  ['an unclosed flow sequence', 'a: 1\nb: [1, 2\nc: 3 #<\n', 'yaml.syntax', ''],
  ['a tab used for indentation', 'a:\n\tb: 1 #<\n', 'yaml.syntax', ''],
  ['a duplicate key', 'kind: flow\nid: a\nid: b #<\n', 'yaml.duplicate_key', ''],
  ['an unknown kind', 'schemaVersion: 1\nkind: workflow #<\nid: a\n', 'schema.enum', 'kind'],
  ['a missing kind', 'schemaVersion: 1 #<\nid: a\n', 'schema.required', 'kind'],
  [
    'a wrong schema version',
    'schemaVersion: 2 #<\nkind: flow\nid: a\nname: n\ntrigger: {type: manual}\nsteps: []\n',
    'schema.enum',
    'schemaVersion',
  ],
  [
    'an id starting with a digit',
    flow(`trigger: { type: manual }\nsteps:\n${okStep}`).replace('id: f1', 'id: 1f #<'),
    'schema.format',
    'id',
  ],
  [
    'a name that is a number',
    flow(`trigger: { type: manual }\nsteps:\n${okStep}`).replace('name: test', 'name: 42 #<'),
    'schema.type',
    'name',
  ],
  ['an unknown top-level key', `${manualFlow(okStep)}timeout: 5 #<\n`, 'schema.unknown_key', 'timeout'],
  [
    'a misspelled step key',
    manualFlow('  - id: s1\n    type: call\n    connection: c\n    operation: o\n    inptu: {} #<\n'),
    'schema.unknown_key',
    'steps[0].inptu',
  ],
  [
    'a step without operation',
    manualFlow('  - id: s1 #<\n    type: call\n    connection: c\n'),
    'schema.required',
    'steps[0].operation',
  ],
  ['an unknown step type', manualFlow('  - id: s1\n    type: email #<\n'), 'schema.enum', 'steps[0].type'],
  ['a flow without steps', flow('trigger: { type: manual }\nsteps: [] #<\n'), 'schema.range', 'steps'],
  [
    'a respond status of 700',
    manualFlow('  - id: r\n    type: respond\n    status: 700 #<\n    body: {}\n'),
    'schema.range',
    'steps[0].status',
  ],
  [
    'a bad retry duration',
    `${manualFlow(okStep)}retry:\n  initialDelay: 10 minutes #<\n`,
    'schema.format',
    'retry.initialDelay',
  ],
  [
    'a bad form trigger event',
    flow(`trigger:\n  type: form\n  form: v\n  event: deleted #<\nsteps:\n${okStep}`),
    'schema.enum',
    'trigger.event',
  ],
  [
    'an invalid cron',
    flow(`trigger:\n  type: schedule\n  cron: 61 * * * * #<\nsteps:\n${okStep}`),
    'schema.cron',
    'trigger.cron',
  ],
  [
    'an unknown time zone',
    flow(`trigger:\n  type: schedule\n  cron: 0 * * * *\n  timezone: Asia/Beijing #<\nsteps:\n${okStep}`),
    'schema.timezone',
    'trigger.timezone',
  ],
  [
    'a sync batch size over 1000',
    sync(`${okSource}target:\n  connection: k3\n  operation: batchSave\n  batchSize: 5000 #<\n`),
    'schema.range',
    'target.batchSize',
  ],
  [
    'a sync without mapping',
    `schemaVersion: 1 #<\nkind: sync\nid: s1\nname: sync\n${okSource}${okTarget}`,
    'schema.required',
    'mapping',
  ],
  [
    'a sync allowed to run twice at once',
    sync(`${okSource}${okTarget}concurrency: 2 #<\n`),
    'schema.invalid',
    'concurrency',
  ],
  [
    'a sync source without key',
    sync(`source:\n  connection: dt #<\n  operation: listApprovals\n${okTarget}`),
    'schema.required',
    'source.key',
  ],
  [
    'an invalid sync cron',
    sync(`schedule:\n  cron: every day #<\n${okSource}${okTarget}`),
    'schema.cron',
    'schedule.cron',
  ],
  [
    'a backfill that looks back nothing',
    sync(
      `backfill:\n  cron: "0 2 * * *"\n  lookback: 0d #<\nsource: { connection: dt, operation: listApprovals, key: id, watermark: { field: t, fromParam: f } }\n${okTarget}`,
    ),
    'schema.invalid',
    'backfill.lookback',
  ],
  [
    'a watermark overlap that is not a duration',
    sync(
      `source:\n  connection: dt\n  operation: listApprovals\n  key: id\n  watermark:\n    field: t\n    fromParam: f\n    overlap: 7days #<\n${okTarget}`,
    ),
    'schema.format',
    'source.watermark.overlap',
  ],
  [
    'a watermark window in months',
    sync(
      `source:\n  connection: dt\n  operation: listApprovals\n  key: id\n  watermark:\n    field: t\n    fromParam: f\n    maxWindow: 1month #<\n${okTarget}`,
    ),
    'schema.format',
    'source.watermark.maxWindow',
  ],
  [
    'a watermark window no longer than its overlap',
    sync(
      `source:\n  connection: dt\n  operation: listApprovals\n  key: id\n  watermark:\n    field: t\n    fromParam: f\n    overlap: 7d\n    maxWindow: 7d #<\n${okTarget}`,
    ),
    'schema.invalid',
    'source.watermark.maxWindow',
  ],
  [
    'a watermark start that is neither a date nor a duration',
    sync(
      `source:\n  connection: dt\n  operation: listApprovals\n  key: id\n  watermark:\n    field: t\n    fromParam: f\n    initial: last week #<\n${okTarget}`,
    ),
    'schema.invalid',
    'source.watermark.initial',
  ],
  [
    'a backfill of a sync without a watermark',
    sync(`backfill: { cron: "0 2 * * *", lookback: 60d } #<\n${okSource}${okTarget}`),
    'schema.invalid',
    'backfill',
  ],
  [
    'an unknown http method',
    connector('  get:\n    method: FETCH #<\n    path: /x\n'),
    'schema.enum',
    'operations.get.method',
  ],
  [
    'an operation id with a space',
    connector('  bad id: #<\n    method: GET\n    path: /x\n'),
    'schema.format',
    'operations["bad id"]',
  ],
  [
    'an unknown pagination style',
    connector('  list:\n    method: GET\n    path: /x\n    pagination:\n      style: token #<\n'),
    'schema.enum',
    'operations.list.pagination.style',
  ],
  [
    'a bad form field type',
    form('  - id: a\n    label: A\n    type: money #<\n'),
    'schema.enum',
    'fields[0].type',
  ],
  [
    'a form without fields',
    form('  [] #<\n').replace('fields:\n  []', 'fields: []'),
    'schema.range',
    'fields',
  ],
  [
    'a bad connection environment',
    'schemaVersion: 1\nkind: connection\nid: c\nconnector: http\nenvironment: staging #<\n',
    'schema.enum',
    'environment',
  ],
  [
    'an unknown key in a nested step',
    manualFlow(
      `  - id: c\n    type: condition\n    if: 'true'\n    then:\n      - { id: s2, type: set, values: {}, bogus: 1 } #<\n`,
    ),
    'schema.unknown_key',
    'steps[0].then[0].bogus',
  ],
  ['a list instead of a document', '- kind: flow #<\n', 'schema.type', ''],
  ['a negative concurrency', `${manualFlow(okStep)}concurrency: -1 #<\n`, 'schema.range', 'concurrency'],
  [
    'an empty when expression',
    manualFlow("  - id: s1\n    type: set\n    when: '' #<\n    values: {}\n"),
    'schema.range',
    'steps[0].when',
  ],
  [
    'a secret that is not a string',
    'schemaVersion: 1\nkind: connection\nid: c\nconnector: http\nsecrets:\n  key: 123 #<\n',
    'schema.type',
    'secrets.key',
  ],
];

describe('validateDocument', () => {
  it.each(cases)('reports %s', (_name, text, code, path) => {
    const { document, diagnostics } = validateDocument(text, { file: 'case.yaml' });
    expect(document).toBeUndefined();
    const found = diagnostics.find((d) => d.code === code && d.path === path);
    expect(found, JSON.stringify(diagnostics, null, 1)).toBeDefined();
    expect(found?.line).toBe(markedLine(text));
    expect(found?.file).toBe('case.yaml');
    expect(found?.severity).toBe('error');
  });

  it('reports an empty file at line 1', () => {
    const { diagnostics } = validateDocument('\n# nothing here\n');
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml.empty', 1]]);
  });

  it('reports a json syntax error with its line', () => {
    const text = '{\n  "schemaVersion": 1,\n  "kind": "flow",,\n}';
    const { diagnostics } = validateDocument(text, { file: 'f.json' });
    expect(diagnostics[0]?.code).toBe('yaml.syntax');
    expect(diagnostics[0]?.line).toBe(3);
  });

  it('returns every problem at once, in source order', () => {
    const text = flow(
      `trigger:\n  type: schedule\n  cron: nope\nsteps:\n  - id: 1a\n    type: set\n    values: 3\n`,
    );
    const { diagnostics } = validateDocument(text.replace('name: test', 'name: [x]'));
    expect(diagnostics.map((d) => d.path)).toEqual([
      'name',
      'trigger.cron',
      'steps[0].id',
      'steps[0].values',
    ]);
    const lines = diagnostics.map((d) => d.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('applies schema defaults to a valid document', () => {
    const text = flow(`trigger: { type: schedule, cron: '0 8 * * *' }\nsteps:\n${okStep}`);
    const { document, diagnostics } = validateDocument(text);
    expect(diagnostics).toEqual([]);
    expect(document?.kind === 'flow' && document.trigger).toEqual({
      type: 'schedule',
      cron: '0 8 * * *',
      timezone: 'Asia/Shanghai',
    });
    expect(document?.kind === 'flow' && [document.enabled, document.concurrency]).toEqual([true, 4]);
  });

  it('accepts json documents', () => {
    const text = JSON.stringify(
      { schemaVersion: 1, kind: 'connection', id: 'c', connector: 'http' },
      null,
      2,
    );
    const { document } = validateDocument(text, { file: 'c.json' });
    expect(document).toMatchObject({ kind: 'connection', environment: 'dev', secrets: {} });
  });

  it('locates an unknown key at the key, not its value', () => {
    const text = `${manualFlow(okStep)}extra:\n  nested: 1\n`;
    const found = validateDocument(text).diagnostics.find((d) => d.code === 'schema.unknown_key');
    expect([found?.line, found?.column]).toEqual([markedLine(`${text.replace('extra:', 'extra: #<')}`), 1]);
  });

  it('words every diagnostic in Chinese first, then English', () => {
    const texts = [
      `${manualFlow(okStep)}extra: 1\n`, // unknown key
      sync(`${okSource}target: { connection: k3, operation: batchSave, batchSize: 0 }\n`), // range
      'schemaVersion: 1\nkind: workflow\nid: a\n', // enum
      'a: [1, 2\n', // YAML syntax
      flow(`trigger:\n  type: schedule\n  cron: 61 * * * *\nsteps:\n${okStep}`), // cron
    ];
    const messages = texts.flatMap((text) => validateDocument(text).diagnostics.map((d) => d.message));
    expect(messages.length).toBeGreaterThanOrEqual(texts.length);
    for (const message of messages) expect(message).toMatch(/^[^/]*\p{Script=Han}.* \/ [A-Za-z"]/su);
  });

  it('quotes at most 80 characters of a value, however long it is', () => {
    const huge = 'x'.repeat(2_000_000);
    const texts = [
      huge, // the whole body is one text: "Expected object, got string …"
      flow(`trigger: { type: manual }\nsteps:\n${okStep}`).replace(
        'name: test',
        `name: 12${'3'.repeat(5000)}`,
      ),
      flow(`trigger: { type: manual }\nsteps:\n${okStep}`).replace('id: f1', `id: 1${'f'.repeat(5000)}`),
    ];
    for (const text of texts) {
      const { diagnostics } = validateDocument(text);
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const d of diagnostics) expect(d.message.length, d.message.slice(0, 200)).toBeLessThan(500);
    }
    const [whole] = validateDocument(huge).diagnostics;
    expect(whole?.message).toContain(`"${'x'.repeat(80)}"…`);
  });
});
