import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../json.ts';
import type { HttpRequest, HttpResponse } from '../kit/index.ts';
import { SIGNED_MODE_CREDENTIAL } from './auth.ts';
import { classifyK3CloudError } from './classify.ts';
import { parseBatchSave } from './operations/batch-save.ts';

const request: HttpRequest = { method: 'POST', url: 'http://erp/K3Cloud/x.common.kdsvc', headers: {} };
const response = (body: JsonValue, status = 200): HttpResponse => ({
  status,
  headers: {},
  setCookies: [],
  body,
});
const failure = (msgCode: number, message: string, extra: Record<string, JsonValue> = {}) => ({
  Result: {
    ResponseStatus: {
      ErrorCode: 500,
      IsSuccess: false,
      Errors: [{ FieldName: null, Message: message, DIndex: 0 }],
      SuccessEntitys: [],
      SuccessMessages: [],
      MsgCode: msgCode,
      ...extra,
    },
  },
});
const classify = (
  body: JsonValue,
  operationId = 'save',
  headers: Record<string, string> = {},
  status = 200,
) =>
  classifyK3CloudError({
    operationId,
    request: { ...request, headers },
    response: response(body, status),
    write: true,
  });

describe('k3cloud error classification', () => {
  it('treats a success envelope and plain query rows as success', () => {
    expect(classify({ Result: { ResponseStatus: { IsSuccess: true, MsgCode: 0 } } })).toBeUndefined();
    expect(classify([[1, 'FKD1']], 'executeBillQuery')).toBeUndefined();
  });

  it('leaves HTTP errors such as 519 to the default status rules', () => {
    expect(classify({ errcode: 519 }, 'save', {}, 519)).toBeUndefined();
  });

  it('maps a response_error body to an operational error', () => {
    expect(classify('response_error: gateway busy')).toMatchObject({
      code: 'CONNECTOR_UNAVAILABLE',
      retryable: true,
    });
  });

  it('maps session loss to auth-expired, but to auth-failed in signed mode', () => {
    expect(classify(failure(1, '会话信息已丢失，请重新登录'))).toMatchObject({
      code: 'CONNECTOR_AUTH_EXPIRED',
    });
    expect(classify(failure(0, '会话已超时,请重新登录'))).toMatchObject({ code: 'CONNECTOR_AUTH_EXPIRED' });
    const signed = classify(failure(1, '会话信息已丢失，请重新登录'), 'save', {
      cookie: SIGNED_MODE_CREDENTIAL,
    });
    expect(signed).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false });
  });

  it('maps the codes with retry meaning and keeps the system message and MsgCode', () => {
    expect(classify(failure(14, '调用次数超出限制'))).toMatchObject({
      code: 'CONNECTOR_RATE_LIMITED',
      retryAfterMs: 1000,
    });
    expect(classify(failure(6, '数据库操作失败'))).toMatchObject({
      code: 'CONNECTOR_UNAVAILABLE',
      retryable: true,
    });
    expect(classify(failure(15, '管理员不允许登录'))).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED' });
    const dup = classify(failure(11, '违反字段唯一性要求：编码唯一。[FKD1]在当前系统中已经被使用。'));
    expect(dup).toMatchObject({ code: 'CONNECTOR_DUPLICATE', system: { MsgCode: 11, ErrorCode: 500 } });
    const rejected = classify(failure(11, '字段“客户”是必填项'));
    expect(rejected).toMatchObject({
      code: 'CONNECTOR_REJECTED',
      message: '金蝶云星空：字段“客户”是必填项 / Kingdee K3Cloud: 字段“客户”是必填项',
    });
  });

  it('reads IsSuccess sent as a string and errors nested in a query answer', () => {
    expect(classify(failure(11, 'x', { IsSuccess: 'false' }))).toMatchObject({ code: 'CONNECTOR_REJECTED' });
    const nested = [[failure(9, '元数据中标识为FX的字段不存在')]];
    expect(classify(nested, 'executeBillQuery')).toMatchObject({
      code: 'CONNECTOR_REJECTED',
      system: { MsgCode: 9 },
    });
  });

  it('leaves BatchSave package errors to parseBatch but throws request-level ones', () => {
    expect(classify(failure(11, '字段“客户”是必填项'), 'batchSave')).toBeUndefined();
    expect(classify(failure(8, 'BatchSave 单次最多提交 100 个数据包'), 'batchSave')).toMatchObject({
      code: 'CONNECTOR_REJECTED',
    });
    expect(classify(failure(1, '会话信息已丢失，请重新登录'), 'batchSave')).toMatchObject({
      code: 'CONNECTOR_AUTH_EXPIRED',
    });
  });
});

describe('k3cloud batchSave results', () => {
  it('groups several errors of one package and marks unmentioned packages uncertain', () => {
    const body = {
      Result: {
        ResponseStatus: {
          IsSuccess: false,
          MsgCode: 11,
          Errors: [
            { FieldName: 'FDATE', Message: '字段“业务日期”是必填项', DIndex: 1 },
            { FieldName: 'FCURRENCYID', Message: '字段“币别”是必填项', DIndex: 1 },
          ],
          SuccessEntitys: [{ Id: 7, Number: 'FKD7', DIndex: 0 }],
        },
      },
    };
    const results = parseBatchSave(response(body), [{}, {}, {}]);
    expect(results[0]).toEqual({ index: 0, ok: true, targetId: '7', targetNumber: 'FKD7' });
    expect(results[1]?.error?.message).toBe(
      '金蝶云星空：字段“业务日期”是必填项；字段“币别”是必填项 / Kingdee K3Cloud: 字段“业务日期”是必填项；字段“币别”是必填项',
    );
    expect(results[1]?.error?.system).toMatchObject({ MsgCode: 11, Errors: [{ DIndex: 1 }, { DIndex: 1 }] });
    expect(results[2]?.error?.code).toBe('CONNECTOR_UNCERTAIN_WRITE');
  });
});
