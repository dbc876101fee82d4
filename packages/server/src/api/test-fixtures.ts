/** A form with required fields and a detail table (test fixture). */
export const VOUCHER_FORM = {
  schemaVersion: 1,
  kind: 'form',
  id: 'voucher',
  name: '凭证录入',
  fields: [
    { id: 'date', label: '凭证日期', type: 'date', required: true },
    { id: 'word', label: '凭证字', type: 'select', options: [{ value: '记', label: '记' }], default: '记' },
    { id: 'remark', label: '摘要', type: 'text' },
  ],
  details: [
    {
      id: 'lines',
      label: '分录',
      minRows: 1,
      fields: [
        { id: 'account', label: '科目', type: 'text', required: true },
        { id: 'debit', label: '借方', type: 'decimal' },
      ],
    },
  ],
};

/** A flow fired by saves of the voucher form (test fixture). */
export const VOUCHER_FLOW = {
  schemaVersion: 1,
  kind: 'flow',
  id: 'onVoucher',
  name: '凭证保存后',
  trigger: { type: 'form', form: 'voucher', event: 'saved' },
  steps: [{ id: 'note', type: 'set', values: { fired: true } }],
};

/** A webhook flow with a secret that answers through a respond step (test fixture). */
export const HOOK_FLOW = {
  schemaVersion: 1,
  kind: 'flow',
  id: 'hook',
  name: 'Webhook',
  trigger: { type: 'webhook', secret: 'hook-secret-1' },
  steps: [{ id: 'answer', type: 'respond', status: 200, body: { got: '{{ trigger.body.n }}' } }],
};

/** A manual flow with one set step (test fixture). */
export const MANUAL_FLOW = {
  schemaVersion: 1,
  kind: 'flow',
  id: 'manual',
  name: '手动',
  trigger: { type: 'manual' },
  steps: [{ id: 'double', type: 'set', values: { twice: '{{ trigger.input.n * 2 }}' } }],
};

/** A user-defined connector with a paginated list and a batch save (test fixture). */
export const ERP_CONNECTOR = {
  schemaVersion: 1,
  kind: 'connector',
  id: 'erp',
  name: 'ERP',
  baseUrl: 'http://127.0.0.1:9',
  operations: {
    list: {
      method: 'GET',
      path: '/list',
      pagination: { style: 'nextLink', nextLink: 'next', items: 'items' },
    },
    save: { method: 'POST', path: '/save', batch: { recordsParam: 'records', results: 'results' } },
  },
};

/** A connection of `ERP_CONNECTOR` (test fixture). */
export const ERP_CONNECTION = { schemaVersion: 1, kind: 'connection', id: 'erpTest', connector: 'erp' };

/** A sync from the ERP's list to its save, id `bills` (test fixture; spread it to add parts). */
export const ERP_SYNC = {
  schemaVersion: 1,
  kind: 'sync',
  id: 'bills',
  name: '单据同步',
  source: { connection: 'erpTest', operation: 'list', key: 'id' },
  mapping: { no: '{{ id }}' },
  target: { connection: 'erpTest', operation: 'save' },
};
