import { defineConnector } from '../kit/connector-declaration.ts';
import { classifyRobotError } from './classify-error.ts';
import { send } from './operations/send.ts';
import { signRobotRequest } from './sign.ts';

/**
 * The DingTalk group robot connector (钉钉自定义机器人): sends text and markdown messages to a group,
 * e.g. from an alert flow (`trigger: {type: runFailed}`). Connection config: `baseUrl` (default
 * `https://oapi.dingtalk.com`); secrets: `accessToken` (the `access_token` of the robot's Webhook URL)
 * and optional `signSecret` (`SEC…`, the 加签 secret: every request then carries `timestamp` + `sign`).
 */
export const dingtalkRobotConnector = defineConnector({
  id: 'dingtalk-robot',
  version: '1.0.0',
  name: { zh: '钉钉群机器人', en: 'DingTalk group robot' },
  description: '钉钉自定义机器人：向群发送 text / markdown 消息（告警通知），支持加签与 @ 人。',
  origin: 'builtIn',
  baseUrl: 'https://oapi.dingtalk.com',
  auth: { type: 'apiKey', in: 'query', name: 'access_token', value: '{{ secrets.accessToken }}' },
  sign: signRobotRequest(),
  operations: { send },
  classifyError: classifyRobotError,
  // Each robot may send at most 20 messages per minute (one bucket per connection = per robot). A
  // bucket of 20 refilling 20/min would let 40 through in the first minute; a burst of 10 refilling
  // one every 6 s never sends more than 20 in any 60 s window.
  rateLimit: { perSecond: 1 / 6, burst: 10, per: 'connection' },
  timeoutMs: 10_000,
});
