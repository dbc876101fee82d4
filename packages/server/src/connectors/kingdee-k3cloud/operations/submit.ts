import { billStatusOperation } from './bill-status.ts';

/** `DynamicFormService.Submit`: created bills (A/Z/D) → 审核中 (B). */
export const submitOperation = billStatusOperation('Submit', '提交单据');
