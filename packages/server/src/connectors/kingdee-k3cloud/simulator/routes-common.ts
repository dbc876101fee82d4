import type { JsonObject } from '../../../json.ts';
import { EnvelopeError, failureBody, type K3Request, parseEnvelope } from './envelope.ts';
import { PAY_BILL_FORM_ID } from './pay-bill-model.ts';

/** A request that could not be read, answered as the server does (MsgCode 8, HTTP 200). */
export class BadRequestBody extends Error {
  override readonly name = 'BadRequestBody';
  constructor(readonly body: JsonObject) {
    super(String(body));
  }
}

/** Parses the envelope of a bill operation, turning envelope errors into {@link BadRequestBody}. */
export function requestOf(body: unknown): K3Request {
  try {
    return parseEnvelope(body);
  } catch (error) {
    if (error instanceof EnvelopeError) throw new BadRequestBody(failureBody(error.message, 8));
    throw error;
  }
}

/** The "business object does not exist" body for a form the simulator does not model, or null. */
export function checkFormId(req: K3Request): JsonObject | null {
  if (req.formId.toUpperCase() === PAY_BILL_FORM_ID) return null;
  if (req.formId === '') return failureBody('FormId 参数不能为空', 8, 'FormId');
  return failureBody(`业务对象不存在：${req.formId}`, 4, 'FormId');
}
