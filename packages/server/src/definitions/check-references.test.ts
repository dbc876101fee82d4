import { describe, expect, it } from 'vitest';
import { checkReferences, type ReferenceCatalogue } from './check-references.ts';
import { markedLine } from './fixtures/marked-line.ts';
import type { FormDefinition } from './form-schema.ts';
import { validateDocument } from './validate-document.ts';

const modes: Record<string, Record<string, 'call' | 'list' | 'batchWrite'>> = {
  jdy: { getToken: 'call', createVoucher: 'call' },
  dingtalk: { listApprovals: 'list', getApproval: 'call', addComment: 'call' },
  k3: { batchSave: 'batchWrite', view: 'call' },
};
const connections: Record<string, { connector: string }> = {
  jdyProd: { connector: 'jdy' },
  dt: { connector: 'dingtalk' },
  k3: { connector: 'k3' },
};
const voucherForm: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  id: 'voucher',
  name: 'v',
  fields: [{ id: 'date', label: 'd', type: 'date', required: true }],
  details: [
    {
      id: 'lines',
      label: 'l',
      minRows: 0,
      fields: [{ id: 'amount', label: 'a', type: 'decimal', required: false }],
    },
  ],
};
const catalogue: ReferenceCatalogue = {
  connection: (id) => connections[id],
  // Asynchronous on purpose: a catalogue may ask the connector gateway.
  operation: async (connector, op) => {
    const mode = modes[connector]?.[op];
    return mode === undefined ? undefined : { mode };
  },
  form: (id) => (id === 'voucher' ? voucherForm : undefined),
  connector: (id) => id in modes,
  operations: async (connector) => (modes[connector] ? Object.keys(modes[connector]) : undefined),
  flow: (id) => id === 'f' || id === 'voucherFlow',
  sync: (id) => id === 's' || id === 'users',
};

const flow = (steps: string, trigger = '{ type: manual }') =>
  `schemaVersion: 1\nkind: flow\nid: f\nname: f\ntrigger: ${trigger}\nsteps:\n${steps}`;
const call = (id: string, extra = '', op = 'getToken', conn = 'jdyProd') =>
  `  - id: ${id}\n    type: call\n    connection: ${conn}\n    operation: ${op}\n${extra}`;
const sync = (parts: { source?: string; target?: string; extra?: string }) =>
  `schemaVersion: 1\nkind: sync\nid: s\nname: s\n` +
  `source:\n${parts.source ?? '  connection: dt\n  operation: listApprovals\n  key: id\n'}` +
  `mapping:\n  FBillNo: '{{ business_id }}'\n` +
  `target:\n${parts.target ?? '  connection: k3\n  operation: batchSave\n'}${parts.extra ?? ''}`;

async function check(text: string, env: Record<string, string> = {}) {
  const result = validateDocument(text, { file: 'doc.yaml' });
  expect(
    result.diagnostics.filter((d) => d.severity === 'error'),
    'schema-valid input',
  ).toEqual([]);
  if (result.document === undefined) throw new Error('unreachable: the document is valid');
  return checkReferences(result.document, catalogue, { file: 'doc.yaml', locate: result.locate, env });
}

const cases: Array<[name: string, text: string, code: string, path: string]> = [
  [
    'an unknown connection',
    flow(call('a', '', 'getToken', 'jdyTest #<')),
    'ref.unknown_connection',
    'steps[0].connection',
  ],
  [
    'an unknown operation',
    flow(call('a', '', 'deleteAll #<')),
    'ref.unknown_operation',
    'steps[0].operation',
  ],
  [
    'a duplicate step id in a nested step',
    flow(
      `${call('a')}  - id: c\n    type: condition\n    if: 'true'\n    then:\n      - id: a #<\n        type: set\n        values: {}\n`,
    ),
    'ref.duplicate_step_id',
    'steps[1].then[0].id',
  ],
  [
    'a reference to an unknown step',
    flow(call('a', "    input: { t: '{{ steps.getTokn.output }}' } #<\n")),
    'ref.unknown_step',
    'steps[0].input.t',
  ],
  [
    'a reference to a later step',
    flow(call('a', "    input:\n      t: '{{ steps.b.output.x }}' #<\n") + call('b')),
    'ref.step_not_before',
    'steps[0].input.t',
  ],
  [
    'a step reading its own output',
    flow(call('a', '    when: steps.a.output.ok #<\n')),
    'ref.step_not_before',
    'steps[0].when',
  ],
  [
    'a step reading its enclosing loop',
    flow(
      `  - id: loop\n    type: forEach\n    items: '[1,2]'\n    steps:\n      - id: inner\n        type: set\n        values: { n: '{{ $count(steps.loop.output) }}' } #<\n`,
    ),
    'ref.step_not_before',
    'steps[0].steps[0].values.n',
  ],
  [
    'a bad condition expression',
    flow(`  - id: c\n    type: condition\n    if: a = = b #<\n    then: []\n`),
    'expr.syntax',
    'steps[0].if',
  ],
  [
    'a bad template',
    flow(call('a', "    input: { n: 'x {{ $sum(1,, 2) }}' } #<\n")),
    'expr.syntax',
    'steps[0].input.n',
  ],
  [
    'an unclosed template',
    flow(call('a', "    input: { n: 'x {{ trigger.a ' } #<\n")),
    'expr.unclosed_template',
    'steps[0].input.n',
  ],
  ['an empty template', flow(call('a', "    input: { n: '{{ }}' } #<\n")), 'expr.syntax', 'steps[0].input.n'],
  [
    'an unknown form',
    flow(call('a'), '{ type: form, form: invoice } #<'),
    'ref.unknown_form',
    'trigger.form',
  ],
  [
    'an unknown form field',
    flow(call('a', "    input: { d: '{{ trigger.dat }}' } #<\n"), '{ type: form, form: voucher }'),
    'ref.unknown_form_field',
    'steps[0].input.d',
  ],
  [
    'a sync source that is not a list',
    sync({ source: '  connection: dt\n  operation: getApproval #<\n  key: id\n' }),
    'ref.operation_mode',
    'source.operation',
  ],
  [
    'a sync target that is not a batch write',
    sync({ target: '  connection: k3\n  operation: view #<\n' }),
    'ref.operation_mode',
    'target.operation',
  ],
  [
    'a write-back to an unknown connection',
    sync({ extra: 'writeBack:\n  connection: dingding #<\n  operation: addComment\n  input: {}\n' }),
    'ref.unknown_connection',
    'writeBack.connection',
  ],
  [
    'a lookup table loaded from an operation that is not a list',
    sync({
      extra:
        'tables:\n  depts:\n    $from:\n      connection: k3\n      operation: view #<\n      key: FNumber\n',
    }),
    'ref.operation_mode',
    'tables.depts.$from.operation',
  ],
  [
    'a lookup table loaded through an unknown connection',
    sync({
      extra: 'tables:\n  depts:\n    $from:\n      connection: k4 #<\n      operation: q\n      key: k\n',
    }),
    'ref.unknown_connection',
    'tables.depts.$from.connection',
  ],
  [
    'an unknown detail operation',
    sync({
      source:
        '  connection: dt\n  operation: listApprovals\n  key: id\n  detail:\n    operation: get #<\n    input: {}\n',
    }),
    'ref.unknown_operation',
    'source.detail.operation',
  ],
  [
    'a bad sync key expression',
    sync({ source: '  connection: dt\n  operation: listApprovals\n  key: a[ #<\n' }),
    'expr.syntax',
    'source.key',
  ],
  [
    'a bad reconcile source amount',
    sync({ extra: 'reconcile:\n  sourceAmount: $sum(lines.amount #<\n  targetAmount: FAmount\n' }),
    'expr.syntax',
    'reconcile.sourceAmount',
  ],
  [
    'a bad reconcile target amount',
    sync({ extra: 'reconcile:\n  sourceAmount: amount\n  targetAmount: FAmount + + #<\n' }),
    'expr.syntax',
    'reconcile.targetAmount',
  ],
  [
    'a bad $each expression in a mapping',
    flow(
      `  - id: m\n    type: map\n    mapping:\n      lines:\n        $each: items[[ #<\n        $map: { a: 1 }\n`,
    ),
    'expr.syntax',
    'steps[0].mapping.lines.$each',
  ],
  [
    'a connection to an unknown connector',
    'schemaVersion: 1\nkind: connection\nid: c\nconnector: yonyou #<\n',
    'ref.unknown_connector',
    'connector',
  ],
  [
    'a token auth naming a missing operation',
    'schemaVersion: 1\nkind: connector\nid: x\nname: x\nauth:\n  type: token\n  operation: login #<\n  token: t\n  inject: { in: header, name: A }\noperations:\n  get: { method: GET, path: / }\n',
    'ref.unknown_operation',
    'auth.operation',
  ],
  [
    'a bad connector output expression',
    'schemaVersion: 1\nkind: connector\nid: x\nname: x\noperations:\n  get:\n    method: GET\n    path: /\n    output: body.( #<\n',
    'expr.syntax',
    'operations.get.output',
  ],
  [
    'a call of an unknown function',
    flow(call('a', "    input: { n: '{{ $nosuchfn(trigger.input) }}' } #<\n")),
    'expr.unknown_function',
    'steps[0].input.n',
  ],
  [
    'an unknown function applied with ~>',
    flow(`  - id: c\n    type: condition\n    if: trigger.input ~> $nope #<\n    then: []\n`),
    'expr.unknown_function',
    'steps[0].if',
  ],
  [
    'a webhook flow reading its body without trigger.body',
    flow(call('a', "    input: { n: '{{ trigger.amount }}' } #<\n"), '{ type: webhook }'),
    'ref.unknown_trigger_field',
    'steps[0].input.n',
  ],
  [
    'a schedule flow reading what a schedule does not carry',
    flow(call('a', '    when: trigger.slots > 0 #<\n'), '{ type: schedule, cron: "0 * * * *" }'),
    'ref.unknown_trigger_field',
    'steps[0].when',
  ],
  [
    'an alert naming an unknown flow',
    flow(call('a'), '\n  type: runFailed\n  flows:\n    - f\n    - nope #<'),
    'ref.unknown_flow',
    'trigger.flows[1]',
  ],
  [
    'a lookup step reading the ledger of an unknown sync',
    flow(`  - id: l\n    type: lookup\n    key: trigger.input.k\n    ledger: expences #<\n`),
    'ref.unknown_sync',
    'steps[0].ledger',
  ],
  [
    "a lookup table loaded from an unknown sync's ledger",
    sync({ extra: 'tables:\n  employees:\n    $from: { sync: user } #<\n' }),
    'ref.unknown_sync',
    'tables.employees.$from.sync',
  ],
  [
    'a connector template reading the connection',
    'schemaVersion: 1\nkind: connector\nid: x\nname: x\noperations:\n  get:\n    method: GET\n    path: /\n    query: { id: "{{ connection.config.clientId }}" } #<\n',
    'expr.unknown_root',
    'operations.get.query.id',
  ],
  [
    'a connector base URL reading a misspelt root',
    'schemaVersion: 1\nkind: connector\nid: x\nname: x\nbaseUrl: "https://{{ conifg.host }}/api" #<\noperations:\n  get: { method: GET, path: / }\n',
    'expr.unknown_root',
    'baseUrl',
  ],
  [
    'a bearer auth template reading an unknown root',
    'schemaVersion: 1\nkind: connector\nid: x\nname: x\nauth: { type: bearer, token: "{{ secret.token }}" } #<\noperations:\n  get: { method: GET, path: / }\n',
    'expr.unknown_root',
    'auth.token',
  ],
  [
    'a callback from an unknown connection',
    flow(call('a'), '{ type: callback, connection: feishu, event: x } #<'),
    'ref.unknown_connection',
    'trigger.connection',
  ],
];

describe('checkReferences', () => {
  it.each(cases)('reports %s', async (_name, text, code, path) => {
    const diagnostics = await check(text);
    const found = diagnostics.find((d) => d.code === code && d.path === path);
    expect(found, JSON.stringify(diagnostics, null, 1)).toBeDefined();
    expect(found?.line).toBe(markedLine(text));
    expect(found?.file).toBe('doc.yaml');
  });

  it('warns about unset environment variables but not set ones', async () => {
    const ref = (name: string) => `$${'{'}env:${name}}`;
    const text = `schemaVersion: 1\nkind: connection\nid: c\nconnector: jdy\nsecrets:\n  a: ${ref('QIAO_A')}\n  b: ${ref('QIAO_B')} #<\n`;
    const diagnostics = await check(text, { QIAO_A: 'set' });
    expect(diagnostics.map((d) => [d.code, d.severity, d.path, d.line])).toEqual([
      ['ref.unset_env', 'warning', 'secrets.b', markedLine(text)],
    ]);
  });

  it('accepts earlier steps, nested ones, backtick names and string literals', async () => {
    const text = flow(
      `${call('getToken')}  - id: c\n    type: condition\n    if: steps.getToken.output.ok\n    then:\n${call('inner').replace(/^(?=.)/gm, '    ')}` +
        `  - id: last\n    type: set\n    values:\n      a: '{{ steps.inner.output & steps.\`getToken\`.output }}'\n      b: '{{ "steps.nothing" }}'\n`,
      '{ type: form, form: voucher }',
    );
    expect(await check(text)).toEqual([]);
  });

  it('accepts form fields, detail tables and meta properties', async () => {
    const input =
      "    input: { a: '{{ trigger.date }}', b: '{{ $sum(trigger.lines.amount) }}', c: '{{ trigger.id }}' }\n";
    expect(await check(flow(call('a', input), '{ type: form, form: voucher }'))).toEqual([]);
  });

  it('suggests the operation an unknown one most likely misspells', async () => {
    const diagnostics = await check(flow(call('a', '', 'getTokn')));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'ref.unknown_operation',
        message: expect.stringContaining('did you mean "getToken"?'),
      }),
    ]);
    expect(diagnostics[0]?.message).toContain('是不是 "getToken"？');
  });

  it('suggests the closest function for an unknown one, and accepts helpers and functions the expression defines', async () => {
    const text = flow(
      call(
        'a',
        '    input:\n' +
          "      bad: '{{ $sumx(trigger.input.lines) }}'\n" +
          "      helper: '{{ $decimal(trigger.input.amount, 2) & $msToDate(trigger.input.at) }}'\n" +
          "      own: '{{ ($twice := function($v) { $v * 2 }; $twice(2)) }}'\n" +
          "      param: '{{ $map([1, 2], function($v, $i, $a) { $v }) ~> $join }}'\n" +
          "      lambda: '{{ (function($f) { $f(1) })($string) }}'\n" +
          '      builtins: \'{{ $now() & $millis() & $base64encode("x") & $lookup({}, "k") }}\'\n',
      ),
    );
    const diagnostics = await check(text);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['expr.unknown_function', 'steps[0].input.bad'],
    ]);
    expect(diagnostics[0]?.message).toContain('did you mean $sum?');
  });

  it('accepts what a webhook, a schedule and an alert carry, and any trigger.X of a manual flow', async () => {
    const reads = (fields: string) =>
      call(
        'a',
        `    input: { x: '{{ ${fields
          .split(' ')
          .map((f) => `trigger.${f}`)
          .join(' & ')} }}' }\n`,
      );
    expect(await check(flow(reads('type body.amount query.a headers.b'), '{ type: webhook }'))).toEqual([]);
    expect(
      await check(
        flow(reads('slot scheduledAt firedAt input.x by'), '{ type: schedule, cron: "0 * * * *" }'),
      ),
    ).toEqual([]);
    expect(await check(flow(reads('failure run.id run.error.code'), '{ type: runFailed }'))).toEqual([]);
    expect(await check(flow(reads('amount anything'), '{ type: manual }'))).toEqual([]);
    const [warning] = await check(flow(reads('amount'), '{ type: webhook }'));
    expect(warning).toMatchObject({ severity: 'warning', code: 'ref.unknown_trigger_field' });
    expect(warning?.message).toContain('did you mean trigger.body.amount?');
  });

  it('accepts connector templates over input, config, secrets and token only', async () => {
    const text =
      'schemaVersion: 1\nkind: connector\nid: x\nname: x\nbaseUrl: "{{ config.baseUrl }}"\n' +
      'auth: { type: apiKey, in: header, name: X-Key, value: "{{ secrets.key }}" }\noperations:\n  get:\n' +
      '    method: POST\n    path: "/items/{{ input.id }}"\n' +
      '    query: { a: "{{ $string(config.a) & token }}", b: "{{ input.items[type = \'x\'].name }}" }\n' +
      '    body: { c: "{{ {\'k\': input.k, \'n\': -input.n} }}", d: "{{ input.list.($.name) }}" }\n';
    expect(await check(text)).toEqual([]);
  });

  it('quotes at most 80 characters of a long expression', async () => {
    const long = `a = = ${'b'.repeat(5000)}`;
    const [d] = await check(flow(`  - id: c\n    type: condition\n    if: ${long}\n    then: []\n`));
    expect(d?.code).toBe('expr.syntax');
    expect(d?.message.length).toBeLessThan(600);
    expect(d?.message).toContain('…');
  });

  it('reports every problem of one flow at once', async () => {
    const text = flow(
      call('a', "    input: { x: '{{ steps.zz.output }}', y: '{{ ( }}' }\n", 'nope') + call('a'),
    );
    const codes = (await check(text)).map((d) => d.code).sort();
    expect(codes).toEqual([
      'expr.syntax',
      'ref.duplicate_step_id',
      'ref.unknown_operation',
      'ref.unknown_step',
    ]);
  });
});
