import { describe, expect, it } from 'vitest';
import { findDependents } from './dependents.ts';
import type { QiaoDocument } from './document.ts';
import { TEST_BUILTINS } from './fixtures/marked-line.ts';
import { validateDocument } from './validate-document.ts';

const doc = (text: string): QiaoDocument => {
  const result = validateDocument(`schemaVersion: 1\n${text}`);
  if (result.document === undefined) throw new Error(JSON.stringify(result.diagnostics));
  return result.document;
};

const project = [
  doc(
    'kind: connector\nid: crm\nname: CRM\noperations:\n  list: { method: GET, path: /x, pagination: { style: page, pageParam: page, items: data } }\n  save: { method: POST, path: /y, batch: { recordsParam: body, results: "$" } }\n',
  ),
  doc('kind: connection\nid: crmProd\nconnector: crm\n'),
  doc('kind: connection\nid: dt\nconnector: dingtalk\n'),
  doc('kind: form\nid: voucher\nname: v\nfields: [{ id: date, label: d, type: date }]\n'),
  doc(
    'kind: flow\nid: onVoucher\nname: f\ntrigger: { type: form, form: voucher }\nsteps:\n  - { id: a, type: call, connection: dt, operation: addComment, input: { d: "{{ trigger.date }}" } }\n',
  ),
  doc(
    'kind: sync\nid: users\nname: u\nsource: { connection: crmProd, operation: list, key: id }\nmapping: {}\ntarget: { connection: crmProd, operation: save }\n',
  ),
  doc(
    'kind: sync\nid: orders\nname: o\nsource: { connection: dt, operation: listApprovals, key: id }\nmapping: {}\ntables: { employees: { $from: { sync: users } } }\ntarget: { connection: crmProd, operation: save }\n',
  ),
  doc(
    'kind: flow\nid: alert\nname: a\ntrigger: { type: runFailed, flows: [onVoucher, orders] }\nsteps:\n  - { id: l, type: lookup, key: trigger.run.id, ledger: users }\n',
  ),
];

async function dependentsOf(kind: QiaoDocument['kind'], id: string) {
  const found = await findDependents({ kind, id }, project, TEST_BUILTINS);
  return found.map((d) => `${d.kind}:${d.id}`).sort();
}

describe('findDependents', () => {
  it('finds the flows and syncs using a connection', async () => {
    expect(await dependentsOf('connection', 'dt')).toEqual(['flow:onVoucher', 'sync:orders']);
  });

  it("finds the connections of a connector and what uses the connector's operations through them", async () => {
    expect(await dependentsOf('connector', 'crm')).toEqual([
      'connection:crmProd',
      'sync:orders',
      'sync:users',
    ]);
  });

  it('finds the flows of a form, alerts naming a flow, and the tables and lookups reading a sync', async () => {
    expect(await dependentsOf('form', 'voucher')).toEqual(['flow:onVoucher']);
    expect(await dependentsOf('flow', 'onVoucher')).toEqual(['flow:alert']);
    expect(await dependentsOf('sync', 'users')).toEqual(['flow:alert', 'sync:orders']);
    const [sync] = await findDependents({ kind: 'sync', id: 'orders' }, project, TEST_BUILTINS);
    expect(sync).toEqual({ kind: 'flow', id: 'alert', codes: ['ref.unknown_flow'] });
  });

  it('finds nothing for a document nobody names', async () => {
    expect(await dependentsOf('flow', 'alert')).toEqual([]);
  });
});
