import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import { needReturnData } from './bill-view.ts';
import type { K3Context, OperationHandler } from './context.ts';
import {
  failureBody,
  flag,
  type IndexedError,
  type K3Request,
  param,
  responseStatus,
  type SuccessEntity,
} from './envelope.ts';
import { type BuildOptions, buildPayBill, type K3Error, pick } from './pay-bill-build.ts';
import { FORM_LABEL, formatK3Time, type PayBill } from './pay-bill-model.ts';
import { checkFormId, requestOf } from './routes-common.ts';

/** Save parameters of one request, read once. */
function buildOptions(ctx: K3Context, data: JsonObject): BuildOptions {
  const fields = param(data, 'NeedUpDateFields');
  return {
    baseData: ctx.baseData,
    verifyBaseData: flag(data, 'IsVerifyBaseDataField', false),
    needUpdateFields: new Set(Array.isArray(fields) ? fields.map((f) => String(f).toLowerCase()) : []),
    isDeleteEntry: flag(data, 'IsDeleteEntry', true),
    today: `${formatK3Time(ctx.options.now()).slice(0, 10)}T00:00:00`,
  };
}

/** Why an existing bill cannot be changed by Save, or null. */
function editBlocked(bill: PayBill): K3Error | null {
  if (bill.FDOCUMENTSTATUS === 'C')
    return {
      FieldName: null,
      Message: `单据编号为“${bill.FBillNo}”的${FORM_LABEL}，单据已经审核！`,
      MsgCode: 11,
    };
  if (bill.FDOCUMENTSTATUS === 'B')
    return {
      FieldName: null,
      Message: `单据编号为“${bill.FBillNo}”的${FORM_LABEL}，单据审核中，不允许修改！`,
      MsgCode: 11,
    };
  return null;
}

/** The duplicate-number error (MsgCode 11) exactly as the server words it. */
export function duplicateError(billNo: string): K3Error {
  return {
    FieldName: 'FBillNo',
    Message: `违反字段唯一性要求：编码唯一。[${billNo}]在当前系统中已经被使用。`,
    MsgCode: 11,
  };
}

/** Validates and stores one package; returns the stored bill or its errors. */
function saveModel(
  ctx: K3Context,
  model: JsonValue,
  opts: BuildOptions,
  autoAudit: boolean,
): { bill: PayBill } | { errors: K3Error[] } {
  if (!isJsonObject(model))
    return { errors: [{ FieldName: null, Message: 'Model 参数必须是单据对象', MsgCode: 8 }] };
  const fid = Number(pick(model, 'FID') ?? 0) || 0;
  const existing = fid ? ctx.bills.get(fid) : undefined;
  if (fid && !existing)
    return {
      errors: [
        { FieldName: 'FID', Message: `单据内码【${fid}】对应的${FORM_LABEL}不存在或已被删除`, MsgCode: 10 },
      ],
    };
  const blocked = existing ? editBlocked(existing) : null;
  if (blocked) return { errors: [blocked] };
  const built = buildPayBill(model, existing, opts);
  const billNo = built.billNo ?? existing?.FBillNo ?? null;
  const holder = billNo ? ctx.bills.findByNumber(billNo) : undefined;
  if (billNo && holder && holder.FID !== fid) built.errors.push(duplicateError(billNo));
  if (built.errors.length > 0) return { errors: built.errors };
  const now = formatK3Time(ctx.options.now());
  const status = autoAudit ? 'C' : (existing?.FDOCUMENTSTATUS ?? 'A');
  const content = {
    values: built.values,
    entries: built.entries,
    FModifyDate: now,
    FDOCUMENTSTATUS: status,
  } as const;
  const approve = autoAudit ? now : (existing?.FApproveDate ?? null);
  if (existing) {
    const bill: PayBill = {
      ...existing,
      ...content,
      FBillNo: billNo ?? existing.FBillNo,
      FApproveDate: approve,
    };
    ctx.bills.put(bill);
    return { bill };
  }
  return {
    bill: ctx.bills.insert({
      ...content,
      FBillNo: billNo ?? ctx.bills.nextBillNo(),
      FCreateDate: now,
      FApproveDate: approve,
    }),
  };
}

function returnFields(data: JsonObject): string[] {
  const keys = param(data, 'NeedReturnFields');
  return Array.isArray(keys) ? keys.map(String) : [];
}

/** `DynamicFormService.Save`: one package in `Model` (a body in, the answer's JSON out; no HTTP). */
export function saveBill(body: unknown, ctx: K3Context): JsonObject {
  const req: K3Request = requestOf(body);
  const formError = checkFormId(req);
  if (formError) return formError;
  const result = saveModel(
    ctx,
    param(req.data, 'Model') ?? null,
    buildOptions(ctx, req.data),
    flag(req.data, 'IsAutoSubmitAndAudit', false),
  );
  if ('errors' in result) {
    const errors = result.errors.map((e) => ({ ...e, DIndex: 0 }));
    return {
      Result: { ResponseStatus: responseStatus(errors, []), Id: 0, Number: '', NeedReturnData: [{}] },
    };
  }
  const { bill } = result;
  return {
    Result: {
      ResponseStatus: responseStatus([], [{ Id: bill.FID, Number: bill.FBillNo, DIndex: 0 }]),
      Id: bill.FID,
      Number: bill.FBillNo,
      NeedReturnData: [needReturnData(bill, returnFields(req.data))],
    },
  };
}

/**
 * `DynamicFormService.BatchSave`: `Model` is an array; each package succeeds or fails on its own (DIndex).
 * A body in, the answer's JSON out (no HTTP).
 */
export function batchSaveBills(body: unknown, ctx: K3Context): JsonObject {
  const req = requestOf(body);
  const formError = checkFormId(req);
  if (formError) return formError;
  const models = param(req.data, 'Model');
  if (!Array.isArray(models)) return failureBody('BatchSave 的 Model 参数必须是数组', 8, 'Model');
  if (models.length > ctx.options.batchSizeMax) {
    return failureBody(
      `BatchSave 单次最多提交 ${ctx.options.batchSizeMax} 个数据包，本次 ${models.length} 个`,
      8,
      'Model',
    );
  }
  const opts = buildOptions(ctx, req.data);
  const autoAudit = flag(req.data, 'IsAutoSubmitAndAudit', false);
  const keys = returnFields(req.data);
  const errors: IndexedError[] = [];
  const successes: SuccessEntity[] = [];
  const returned: JsonObject[] = [];
  for (let DIndex = 0; DIndex < models.length; DIndex++) {
    const result = saveModel(ctx, models[DIndex] as JsonValue, opts, autoAudit);
    if ('errors' in result) for (const e of result.errors) errors.push({ ...e, DIndex });
    else {
      successes.push({ Id: result.bill.FID, Number: result.bill.FBillNo, DIndex });
      returned.push(needReturnData(result.bill, keys));
    }
  }
  return { Result: { ResponseStatus: responseStatus(errors, successes), NeedReturnData: returned } };
}

/** The write operations as the dispatcher's handlers, by lower-case name (also served by `fast-routes.ts`). */
export const SAVE_BODIES: Readonly<Record<string, (body: unknown, ctx: K3Context) => JsonObject>> = {
  save: saveBill,
  batchsave: batchSaveBills,
};

/** Write operations by lower-case name. */
export const SAVE_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  save: ({ body, ctx }) => saveBill(body, ctx),
  batchsave: ({ body, ctx }) => batchSaveBills(body, ctx),
};
