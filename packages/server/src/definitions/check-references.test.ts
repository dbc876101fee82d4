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
