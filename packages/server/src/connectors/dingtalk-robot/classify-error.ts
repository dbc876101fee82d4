import { bilingual, type QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { ClassifyInput } from '../kit/connector-declaration.ts';
import { connectorErrors } from '../kit/errors.ts';

/** errcodes of the robot API (public DingTalk docs; see README.md for what is uncertain). */
export const ROBOT_ERRCODES = {
  /** Security settings: `sign not match`, `keywords not in content`, `ip X not in whitelist`. */
  security: 310000,
  /** Unknown access_token (`token is not exist`). */
  tokenNotExist: 300001,
  /** More than 20 messages in a minute (`send too fast, exceed 20 times per minute`). */
  sendTooFast: 410100,
} as const;

/** The wait after `send too fast`: the limit is 20 per minute, so one minute. */
export const SEND_TOO_FAST_WAIT_MS = 60_000;

/**
 * Classifies a robot answer (always HTTP 200 with `errcode`): 0 → success; 310000 with a keyword
 * miss → rejected (the message, not the credentials, is wrong); other 310000 (signature, IP
 * allowlist) and 300001 → auth failed (permanent: a retry signs with the same secret); 410100 → rate
 * limited, retry after 60 s; any other errcode → rejected with DingTalk's errmsg. Non-JSON answers
 * and transport failures fall through to the kit's defaults (5xx → unavailable; a lost response of
 * a send → uncertain write).
 */
export function classifyRobotError(input: ClassifyInput): QiaoError | undefined {
  const response = input.response;
  if (!response || !isJsonObject(response.body)) return undefined;
  const body = response.body;
  if (body.errcode === undefined) return undefined;
  const errcode = Number(body.errcode);
  if (errcode === 0) return undefined;
  const errmsg = text(body.errmsg);
  const system: JsonObject = { status: response.status, ...body };
  const code = text(body.errcode);
  const said = (why?: { zh: string; en: string }) =>
    bilingual(
      `钉钉机器人返回错误 ${code}：${errmsg}${why ? `（${why.zh}）` : ''}`,
      `DingTalk robot returned error ${code}: ${errmsg}${why ? ` (${why.en})` : ''}`,
    );
  if (errcode === ROBOT_ERRCODES.security) {
    if (/keyword/i.test(errmsg))
      return connectorErrors.user(
        said({
          zh: '消息不含机器人设置的自定义关键词',
          en: "the message contains none of the robot's keywords",
        }),
        system,
      );
    if (/whitelist|ip /i.test(errmsg))
      return connectorErrors.authFailed(
        said({
          zh: '本机 IP 不在机器人的 IP 地址段内',
          en: "this host's IP is not in the robot's allowlist",
        }),
        system,
      );
    return connectorErrors.authFailed(
      said({
        zh: '加签校验失败：检查连接的 signSecret 与本机时钟',
        en: 'signature rejected: check signSecret and the clock',
      }),
      system,
    );
  }
  if (errcode === ROBOT_ERRCODES.tokenNotExist)
    return connectorErrors.authFailed(
      said({
        zh: 'access_token 无效：检查连接的 accessToken',
        en: "unknown access_token: check the connection's accessToken",
      }),
      system,
    );
  if (errcode === ROBOT_ERRCODES.sendTooFast)
    return connectorErrors.rateLimited(
      said({ zh: '每个机器人每分钟最多 20 条', en: 'at most 20 messages per robot per minute' }),
      SEND_TOO_FAST_WAIT_MS,
      system,
    );
  return connectorErrors.user(said(), system);
}

function text(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
