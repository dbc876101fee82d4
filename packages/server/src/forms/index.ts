export { checkedRecordData, formRunInput } from './form-run-input.ts';
export {
  type FormRecordDeps,
  findRecordRuns,
  loadForm,
  type SaveFormRecordInput,
  type SaveFormRecordResult,
  saveFormRecord,
} from './save-form-record.ts';
export {
  applyFormDefaults,
  type FormProblem,
  type FormProblemCode,
  validateFormRecord,
} from './validate-form-record.ts';
