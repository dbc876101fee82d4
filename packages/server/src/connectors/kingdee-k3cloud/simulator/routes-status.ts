import type { Context } from 'hono';
import type { JsonObject, JsonValue } from '../../../json.ts';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import { viewObject } from './bill-view.ts';
import type { K3Context, OperationHandler } from './context.ts';
import { failureBody, type IndexedError, param, responseStatus, type SuccessEntity } from './envelope.ts';
import type { K3Error } from './pay-bill-build.ts';
import { FORM_LABEL, formatK3Time, type PayBill } from './pay-bill-model.ts';
import { checkFormId, requestOf } from './routes-common.ts';

type Target = { label: string; bill: PayBill | undefined };

/** The bills named by `Numbers` (array) or `Ids` (comma-separated string, or array). */
function targets(ctx: K3Context, data: JsonObject): Target[] | null {
  const numbers = param(data, 'Numbers');
  if (Array.isArray(numbers) && numbers.length > 0) {
    return numbers.map((n) => ({ label: String(n), bill: ctx.bills.findByNumber(String(n)) }));
  }
  const ids = param(data, 'Ids');
  const list = Array.isArray(ids)
    ? ids.map(String)
    : typeof ids === 'string' || typeof ids === 'number'
      ? String(ids).split(',')
      : [];
  const clean = list.map((s) => s.trim()).filter(Boolean);
  if (clean.length === 0) return null;
  return clean.map((id) => ({ label: id, bill: ctx.bills.get(Number(id)) }));
}

function prefix(bill: PayBill): string {
  return `单据编号为“${bill.FBillNo}”的${FORM_LABEL}，`;
}

/** A status transition: which states it leaves from, where it goes, and its refusal message. */
interface Transition {
  from: readonly PayBill['FDOCUMENTSTATUS'][];
  apply(ctx: K3Context, bill: PayBill): void;
  refuse(bill: PayBill): string;
}

const setStatus =
  (status: PayBill['FDOCUMENTSTATUS'], approve: boolean) => (ctx: K3Context, bill: PayBill) => {
    const now = formatK3Time(ctx.options.now());
    ctx.bills.put({
      ...bill,
      FDOCUMENTSTATUS: status,
      FModifyDate: now,
      FApproveDate: approve ? now : status === 'D' ? null : bill.FApproveDate,
    });
  };

const TRANSITIONS: Record<string, Transition> = {
  submit: {
    from: ['Z', 'A', 'D'],
    apply: setStatus('B', false),
    refuse: (b) => prefix(b) + (b.FDOCUMENTSTATUS === 'C' ? '单据已经审核！' : '单据已提交，不能重复提交！'),
  },
  audit: {
    from: ['B'],
    apply: setStatus('C', true),
    refuse: (b) =>
      prefix(b) + (b.FDOCUMENTSTATUS === 'C' ? '单据已经审核！' : '单据不是审核中状态，请先提交！'),
  },
  unaudit: {
    from: ['C'],
    apply: setStatus('D', false),
    refuse: (b) => `${prefix(b)}单据不是已审核状态，不能反审核！`,
  },
  delete: {
    from: ['Z', 'A', 'D'],
    apply: (ctx, bill) => ctx.bills.delete(bill.FID),
    refuse: (b) => `${prefix(b)}单据状态为${b.FDOCUMENTSTATUS === 'C' ? '已审核' : '审核中'}，不允许删除！`,
  },
};

/** Runs one transition over every named bill; each bill succeeds or fails on its own. */
function runTransition(name: string): OperationHandler {
  const transition = TRANSITIONS[name] as Transition;
  return ({ body, ctx }) => {
    const req = requestOf(body);
    const formError = checkFormId(req);
    if (formError) return formError;
    const list = targets(ctx, req.data);
    if (!list) return failureBody('请指定 Numbers 或 Ids 参数', 5, 'Ids');
    const errors: IndexedError[] = [];
    const successes: SuccessEntity[] = [];
    list.forEach(({ label, bill }, DIndex) => {
      const error: K3Error | null = !bill
        ? { FieldName: null, Message: `单据【${label}】不存在或已被删除`, MsgCode: 10 }
        : transition.from.includes(bill.FDOCUMENTSTATUS)
          ? null
          : { FieldName: null, Message: transition.refuse(bill), MsgCode: 11 };
      if (error || !bill) errors.push({ ...(error as K3Error), DIndex });
      else {
        transition.apply(ctx, bill);
        successes.push({ Id: bill.FID, Number: bill.FBillNo, DIndex });
      }
    });
    return { Result: { ResponseStatus: responseStatus(errors, successes) } };
  };
}

/** `DynamicFormService.View`: one bill by `Number` or `Id`. */
const view: OperationHandler = ({ c, body, ctx }) => {
  const req = requestOf(body);
  const formError = checkFormId(req);
  if (formError) return formError;
  const number = param(req.data, 'Number');
  const id = param(req.data, 'Id');
  const useNumber = number !== undefined && number !== null && number !== '';
  if (!useNumber && (id === undefined || id === null || id === '' || id === 0))
    return failureBody('请指定 Number 或 Id 参数', 5, 'Id');
  const bill = useNumber ? ctx.bills.findByNumber(String(number)) : ctx.bills.get(Number(id));
  if (!bill) return failureBody(`单据【${String(useNumber ? number : id)}】不存在或已被删除`, 10);
  return viewAnswer(c, bill);
};

/** Serialised View answers by bill (stored bills are replaced, never changed in place). */
const VIEW_ANSWERS = new WeakMap<PayBill, Uint8Array<ArrayBuffer>>();
const VIEW_HEADERS = { 'Content-Type': 'application/json' };

/** The View answer of `bill`, serialised once per bill object. */
function viewAnswer(c: Context<SimulatorEnv>, bill: PayBill): Response {
  let bytes = VIEW_ANSWERS.get(bill);
  if (bytes === undefined) {
    const result: JsonValue = {
      ResponseStatus: { IsSuccess: true, Errors: [], SuccessEntitys: [], SuccessMessages: [], MsgCode: 0 },
      Result: viewObject(bill),
    };
    bytes = Buffer.from(JSON.stringify({ Result: result }));
    VIEW_ANSWERS.set(bill, bytes);
  }
  return c.body(bytes, 200, VIEW_HEADERS);
}

/** Status operations and View by lower-case name. */
export const STATUS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  submit: runTransition('submit'),
  audit: runTransition('audit'),
  unaudit: runTransition('unaudit'),
  delete: runTransition('delete'),
  view,
};
