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
