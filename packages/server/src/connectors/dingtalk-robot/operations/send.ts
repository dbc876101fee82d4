import { bilingual, QiaoError } from '../../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import { defineOperation, type OperationContext } from '../../kit/connector-declaration.ts';
import type { HttpRequest } from '../../kit/http-transport.ts';
import { fieldsOf, isBlank } from '../../kit/input-fields.ts';
import { joinUrl } from '../../kit/request-builder.ts';

/** Path of the robot API (`POST https://oapi.dingtalk.com/robot/send?access_token=…`). */
export const ROBOT_SEND_PATH = '/robot/send';

/** The message types this operation builds from flat fields (link/actionCard/feedCard: raw body only). */
const FLAT_TYPES = new Set(['text', 'markdown']);

function invalid(message: string): QiaoError {
  return new QiaoError('INPUT_INVALID', message);
}

/** Commas (also full-width), semicolons and spaces between list items. */
// biome-ignore lint/complexity/useRegexLiterals: a non-ASCII regex literal would make its bundle chunk a two-byte string (bin/build.mjs)
const LIST_SEPARATOR = new RegExp('[\\s,，;；]+');

/** A list of mobiles or userids: an array, or one string separated by commas/spaces (easy in YAML templates). */
function listOf(value: JsonValue | undefined): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter((v) => v !== '');
  if (typeof value === 'string' || typeof value === 'number')
    return String(value)
      .split(LIST_SEPARATOR)
      .filter((v) => v !== '');
  return [];
}

function flag(value: JsonValue | undefined): boolean {
  return value === true || value === 'true' || value === 1 || value === '1';
}

function str(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

/** The `at` object of a message: who is @-mentioned. */
function atOf(fields: JsonObject): JsonObject {
  const at: JsonObject = {};
  const raw = isJsonObject(fields.at) ? fields.at : {};
  const mobiles = listOf(fields.atMobiles ?? raw.atMobiles);
  const userIds = listOf(fields.atUserIds ?? raw.atUserIds);
  if (mobiles.length > 0) at.atMobiles = mobiles;
  if (userIds.length > 0) at.atUserIds = userIds;
  at.isAtAll = flag(fields.isAtAll ?? raw.isAtAll);
  return at;
}

/**
 * The robot's JSON body of an input. Flat fields (the easy form in a flow's YAML):
 * `{msgtype: text, content}` or `{msgtype: markdown, title, text}`, plus `atMobiles`, `atUserIds`,
 * `isAtAll`. DingTalk's own shape is passed through as it is: an input whose `text`/`markdown`/`link`/
 * `actionCard`/`feedCard` under `msgtype` is an object (e.g. `{msgtype: text, text: {content}}`).
 * Throws INPUT_INVALID before anything is sent when a required part is missing.
 */
export function robotBodyOf(input: JsonObject): JsonObject {
  const fields = fieldsOf(input);
  const msgtype = str(fields.msgtype) || (isBlank(fields.title) ? 'text' : 'markdown');
  const raw = fields[msgtype];
  if (isJsonObject(raw)) {
    const body: JsonObject = { msgtype, [msgtype]: raw };
    if (['at', 'atMobiles', 'atUserIds', 'isAtAll'].some((k) => fields[k] !== undefined))
      body.at = atOf(fields);
    return body;
  }
  if (!FLAT_TYPES.has(msgtype))
    throw invalid(
      bilingual(
        `msgtype 只能是 text 或 markdown（其他类型请按钉钉原始格式传入）：${msgtype}`,
        `msgtype must be text or markdown (pass other types in DingTalk's own shape): ${msgtype}`,
      ),
    );
  if (msgtype === 'text') {
    const content = str(fields.content);
    if (content.trim() === '') throw invalid('文本消息缺少 content / a text message needs content');
    return { msgtype, text: { content }, at: atOf(fields) };
  }
  const title = str(fields.title);
  const text = str(fields.text);
  if (title.trim() === '' || text.trim() === '')
    throw invalid('Markdown 消息需要 title 和 text / a markdown message needs title and text');
  return { msgtype, markdown: { title, text }, at: atOf(fields) };
}

/** `POST /robot/send` with the JSON body (access_token by auth injection, timestamp + sign by the `sign` hook). */
export function buildSendRequest(context: OperationContext): HttpRequest {
  if (!context.secrets.accessToken)
    throw new QiaoError(
      'CONNECTOR_AUTH_FAILED',
      '连接缺少 accessToken（机器人 Webhook 地址中的 access_token） / ' +
        "the connection has no accessToken (the access_token in the robot's webhook address)",
    );
  return {
    method: 'POST',
    url: joinUrl(context.baseUrl, ROBOT_SEND_PATH),
    headers: {},
    body: robotBodyOf(context.input),
  };
}

/** `send`: sends one message to a DingTalk group robot (自定义机器人). Not idempotent: no findWritten. */
export const send = defineOperation({
  name: '发送群消息 / Send a group message',
  description:
    '自定义机器人发送群消息（text / markdown，可 @ 手机号、userid 或所有人）。同一条消息重发会在群里出现两次。',
  method: 'POST',
  path: ROBOT_SEND_PATH,
  buildRequest: buildSendRequest,
  parseOutput: (response) => {
    const body = isJsonObject(response.body) ? response.body : {};
    return { errcode: Number(body.errcode ?? 0), errmsg: str(body.errmsg) || 'ok' };
  },
  write: true,
  inputSchema: {
    type: 'object',
    properties: {
      msgtype: {
        type: 'string',
        title: '消息类型',
        enum: ['text', 'markdown', 'link', 'actionCard', 'feedCard'],
        description: '默认 text（有 title 时为 markdown）；link/actionCard/feedCard 按钉钉原始格式传入',
      },
      content: { type: 'string', title: '消息内容', description: 'text 消息的内容' },
      title: { type: 'string', title: '首屏会话透出的展示内容', description: 'markdown 消息的标题' },
      text: { type: 'string', title: 'markdown格式的消息', description: 'markdown 消息的正文' },
      atMobiles: {
        type: 'array',
        items: { type: 'string' },
        title: '被@人的手机号',
        description: 'markdown 消息需在 text 中写上 @手机号 才会显示',
      },
      atUserIds: { type: 'array', items: { type: 'string' }, title: '被@人的用户userid' },
      isAtAll: { type: 'boolean', title: '是否@所有人' },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      errcode: { type: 'number', title: '返回码' },
      errmsg: { type: 'string', title: '返回码描述' },
    },
  },
  sample: { errcode: 0, errmsg: 'ok' },
});
