import { billStatusOperation } from './bill-status.ts';

/** `DynamicFormService.Audit`: submitted bills (B) → 已审核 (C). */
export const auditOperation = billStatusOperation('Audit', '审核单据');
