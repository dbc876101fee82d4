import { bilingual, QiaoError } from '../../../errors/index.ts';
import { defineOperation } from '../../kit/index.ts';
import { acctRequest, settingOf } from '../envelope.ts';
import { sessionOf } from '../session.ts';
import { ACCOUNT_PATH } from './list-accounts.ts';

/**
 * 获取用户 access_token (seed 000's first action): the connection's cached token — never a new exchange
 * per call (the exchange is limited to ~2/min). It is proved on one light call (the chart of accounts),
 * so a token that expired or whose secret rotated is refreshed before the flow passes it on.
 */
export const getAccessTokenOperation = defineOperation({
  name: '获取用户access_token / Get access token',
  description:
    "Returns the connection's live access_token/app-token with sId, dbId and domain (cached; refreshed when the system rejects it).",
  method: 'GET',
  path: ACCOUNT_PATH,
  inputSchema: {
    type: 'object',
    properties: {
      sId: { type: 'string', title: '套账ID sId' },
      dbId: { type: 'string', title: '子套账ID dbId' },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      access_token: { type: 'string', title: '云平台访问令牌' },
      app_token: { type: 'string', title: 'app-token' },
      expires: { type: 'integer', title: '过期时间（毫秒时间戳）' },
      sId: { type: 'string', title: '套账ID' },
      dbId: { type: 'string', title: '子套账ID' },
      domain: { type: 'string', title: '数据中心 X-GW-Router-Addr' },
    },
  },
  sample: {
    access_token: '9f1c0e4b7a2d4c58b3e6f70a1d2c3b4a',
    app_token: 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl',
    expires: 1772668800000,
    sId: '1518425',
    dbId: '2083745',
    domain: 'https://tf.jdy.com',
  },
  // Never the input's access_token: this operation is what hands out the connection's own.
  buildRequest: (context) =>
    acctRequest({ ...context, input: { ...context.input, access_token: '' } }, 'GET', ACCOUNT_PATH),
  parseOutput(_response, context) {
    const token = context.token;
    if (!token)
      throw new QiaoError(
        'INTERNAL',
        bilingual(
          'kingdee-jdy getAccessToken 执行时没有令牌',
          'kingdee-jdy getAccessToken ran without a token',
        ),
      );
    const session = sessionOf(token);
    return {
      access_token: token,
      app_token: session?.appToken ?? '',
      expires: session?.expires ?? 0,
      sId: settingOf(context, 'sId') ?? session?.sId ?? '',
      dbId: settingOf(context, 'dbId') ?? session?.dbId ?? '',
      domain: (typeof context.config.domain === 'string' && context.config.domain) || session?.domain || '',
    };
  },
});
