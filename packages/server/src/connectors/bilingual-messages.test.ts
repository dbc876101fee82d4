import { describe, expect, it } from 'vitest';
import { messageIn, QiaoError } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { classifyDingtalkError } from './dingtalk/classify-error.ts';
import { callbackCredentialsOf as dingtalkCallbackCredentialsOf } from './dingtalk/triggers/instance-change.ts';
import { classifyRobotError } from './dingtalk-robot/classify-error.ts';
import { robotBodyOf } from './dingtalk-robot/operations/send.ts';
import { classifyFeishuError } from './feishu/classify-error.ts';
import {
  callbackCredentialsOf as feishuCallbackCredentialsOf,
  urlVerificationReply,
} from './feishu/triggers/approval-event.ts';
import { classifyJdyError } from './kingdee-jdy/classify.ts';
import { SIGNED_MODE_CREDENTIAL } from './kingdee-k3cloud/auth.ts';
import { classifyK3CloudError } from './kingdee-k3cloud/classify.ts';
import type { ClassifyInput, ErrorClassifier } from './kit/connector-declaration.ts';
import { classifyFailure, classifyStatus } from './kit/errors.ts';

const CJK = /[\u3400-\u9fff]/;

/** A `中文 / English` message that cuts in two: Chinese in the Chinese half, none in the English one. */
function expectBilingual(message: string): void {
  expect(messageIn(message, 'en'), message).not.toMatch(CJK);
  expect(messageIn(message, 'zh'), message).toMatch(CJK);
}

function answer(
  classify: ErrorClassifier,
  status: number,
  body: JsonValue,
  extra: Partial<ClassifyInput> = {},
): QiaoError {
  const error = classify({
    operationId: 'op',
    request: { method: 'POST', url: 'http://h/api?access_token=t', headers: {} },
    response: { status, headers: {}, setCookies: [], body },
    write: false,
    ...extra,
  });
  if (!error) throw new Error(`expected an error for ${status} ${JSON.stringify(body)}`);
  return error;
}

const k3Failure = (msgCode: number, messages: string[]): JsonObject => ({
  Result: {
    ResponseStatus: {
      ErrorCode: 500,
      IsSuccess: false,
      Errors: messages.map((Message) => ({ FieldName: null, Message, DIndex: 0 })),
      SuccessEntitys: [],
      SuccessMessages: [],
      MsgCode: msgCode,
    },
  },
});

/** Each connector's answers (system messages in English, so both halves can be checked). */
const CLASSIFIED: [string, ErrorClassifier, number, JsonValue, Partial<ClassifyInput>?][] = [
  ['dingtalk business error', classifyDingtalkError, 200, { errcode: 88, errmsg: 'invalid param' }],
  [
    'dingtalk sub code',
    classifyDingtalkError,
    200,
    { errcode: 88, sub_code: '60020', errmsg: 'no permission' },
  ],
  ['dingtalk token expired', classifyDingtalkError, 200, { errcode: 40014, errmsg: 'invalid access_token' }],
  ['dingtalk ip blocked', classifyDingtalkError, 200, { errcode: 0, punish: 'deny', wait: 2 }],
  ['dingtalk qps', classifyDingtalkError, 200, { errcode: 90018, errmsg: 'qps limit' }],
  ['dingtalk v1 error', classifyDingtalkError, 400, { code: 'Invalid.Param', message: 'bad param' }],
  ['dingtalk v1 unavailable', classifyDingtalkError, 500, { code: 'ServiceUnavailable', message: 'busy' }],
  ['feishu business error', classifyFeishuError, 200, { code: 1390001, msg: 'param is invalid' }],
  ['feishu token expired', classifyFeishuError, 200, { code: 99991663, msg: 'token expired' }],
  ['feishu rate limit', classifyFeishuError, 200, { code: 99991400, msg: 'too many requests' }],
  ['feishu plain 429', classifyFeishuError, 429, 'slow down'],
  ['feishu 5xx', classifyFeishuError, 503, { code: 1, msg: 'internal error' }],
  ['k3cloud rejected', classifyK3CloudError, 200, k3Failure(11, ['Field customer is required'])],
  ['k3cloud without a message', classifyK3CloudError, 200, k3Failure(11, [])],
  ['k3cloud session lost', classifyK3CloudError, 200, k3Failure(1, ['session lost'])],
  [
    'k3cloud signature rejected',
    classifyK3CloudError,
    200,
    k3Failure(1, []),
    { request: { method: 'POST', url: 'http://h/x', headers: { cookie: SIGNED_MODE_CREDENTIAL } } },
  ],
  ['k3cloud gateway error', classifyK3CloudError, 200, 'response_error: timeout'],
  ['jdy business error', classifyJdyError, 200, { code: 42022, msg: 'no such book: dbId=1' }],
  ['jdy error without a message', classifyJdyError, 200, { code: 46001, msg: '' }],
  ['jdy token limit', classifyJdyError, 200, { errcode: 1030002011, description: 'too many token calls' }],
  ['jdy auth refused', classifyJdyError, 200, { code: 40001, msg: 'no grant' }, { operationId: 'auth' }],
  ['jdy gateway signature', classifyJdyError, 519, { errcode: 519, description: 'signature mismatch' }],
  ['jdy gateway not found', classifyJdyError, 519, { errcode: 519, description: 'API Not Found' }],
  ['jdy gateway busy', classifyJdyError, 519, { errcode: 519, description: 'busy' }],
  ['jdy no route', classifyJdyError, 404, { errcode: 404, description: 'No Route' }],
  ['jdy 429', classifyJdyError, 429, { errcode: 429, description: 'slow down' }],
  ['jdy 5xx', classifyJdyError, 502, '<html>502</html>'],
  ['jdy 401', classifyJdyError, 401, { errcode: 401, description: 'unauthorized' }],
  ['jdy 400', classifyJdyError, 400, { errcode: 400, description: 'bad request' }],
  ['robot keywords', classifyRobotError, 200, { errcode: 310000, errmsg: 'keywords not in content' }],
  ['robot allowlist', classifyRobotError, 200, { errcode: 310000, errmsg: 'ip 1.2.3.4 not in whitelist' }],
  ['robot signature', classifyRobotError, 200, { errcode: 310000, errmsg: 'sign not match' }],
  ['robot token', classifyRobotError, 200, { errcode: 300001, errmsg: 'token is not exist' }],
  ['robot too fast', classifyRobotError, 200, { errcode: 410100, errmsg: 'send too fast' }],
  ['robot other', classifyRobotError, 200, { errcode: 400102, errmsg: 'robot stopped' }],
];

function thrown(run: () => unknown): QiaoError {
  try {
    run();
  } catch (error) {
    if (error instanceof QiaoError) return error;
    throw error;
  }
  throw new Error('expected a QiaoError');
}

describe('connector messages in both languages', () => {
  it.each(CLASSIFIED)(
    'classifies %s with a 中文 / English message',
    (_name, classify, status, body, extra) => {
      const error = answer(classify, status, body, extra);
      expectBilingual(error.message);
    },
  );

  it("quotes a system's Chinese message verbatim in both halves", () => {
    const error = answer(classifyDingtalkError, 200, { errcode: 88, errmsg: '不合法的参数' });
    expect(error.message).toBe('钉钉返回错误 88：不合法的参数 / DingTalk returned error 88: 不合法的参数');
    const k3 = answer(classifyK3CloudError, 200, k3Failure(11, ['字段“客户”是必填项']));
    for (const half of k3.message.split(' / ')) expect(half).toContain('字段“客户”是必填项');
  });

  it('gives the kit defaults for statuses and transport failures in both languages', () => {
    for (const status of [400, 401, 404, 408, 409, 429, 500, 503]) {
      const error = classifyStatus(
        { status, headers: {}, setCookies: [], body: { message: 'from the system' } },
        0,
      );
      expectBilingual(error?.message ?? '');
    }
    const request = { method: 'POST', url: 'http://h/x', headers: {} };
    for (const [kind, requestSent, write] of [
      ['timeout', false, false],
      ['network', false, false],
      ['network', true, true],
      ['aborted', false, false],
    ] as const) {
      const failure = { kind, requestSent, message: 'socket hang up' };
      expectBilingual(classifyFailure({ operationId: 'op', request, failure, write }).message);
    }
  });

  it('refuses bad inputs and settings in both languages', () => {
    const errors = [
      thrown(() => robotBodyOf({ msgtype: 'link' })),
      thrown(() => robotBodyOf({ msgtype: 'text', content: ' ' })),
      thrown(() => robotBodyOf({ msgtype: 'markdown', title: 'x' })),
      thrown(() => dingtalkCallbackCredentialsOf({})),
      thrown(() => feishuCallbackCredentialsOf({})),
      thrown(() => urlVerificationReply({ kind: 'event' } as never)),
    ];
    for (const error of errors) expectBilingual(error.message);
  });
});
