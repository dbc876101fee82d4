import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The group robot (自定义机器人) of the DingTalk simulator: `POST /robot/send` as the public DingTalk
 * docs describe it (our reference folder does not cover robots). Pure state and checks; the routes are
 * in `routes-robot.ts`. Imports nothing from the engine or the connector (the signature is checked
 * with its own code, so the connector's signing is tested against an independent implementation).
 */

/** The demo robot (printed by `qiao simulate dingtalk`): sign required, no keywords. */
export const DINGTALK_ROBOT_SIM_DEFAULTS = {
  accessToken: '5ad8d5c6b1e04f0fa3c2e7b9d0a1f2e3c4b5a69788796a5b4c3d2e1f0a9b8c7d',
  secret: 'SEC3f9e2d1c0b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4',
} as const;

/** One robot's security settings (安全设置). The IP allowlist is not simulated. */
export interface RobotOptions {
  accessToken: string;
  /** 加签 secret (`SEC…`): every message must carry a fresh `timestamp` + `sign`. */
  secret?: string;
  /** 自定义关键词 (up to 10): a message must contain at least one. */
  keywords?: string[];
  /** A name for inspection. */
  name?: string;
}

/** A message the robot accepted (what a group member would see), in arrival order. */
export interface RobotMessage {
  seq: number;
  robot: string;
  accessToken: string;
  msgtype: string;
  /** The message part (`text`, `markdown`, …) as sent. */
  payload: Record<string, unknown>;
  at: Record<string, unknown> | null;
  /** `text.content`, or `markdown.title + "\n" + markdown.text`, or the payload as JSON. */
  content: string;
  receivedAt: number;
}

/** An answer of the robot API: HTTP 200 with `{errcode, errmsg}`. */
export interface RobotAnswer {
  errcode: number;
  errmsg: string;
}

/** What a send carries: the query parameters and the parsed JSON body (undefined: not JSON). */
export interface RobotSendRequest {
  accessToken: string | undefined;
  timestamp: string | undefined;
  sign: string | undefined;
  body: unknown;
}

/** The documented answers (the body-shape ones are simulated; see README.md). */
export const ROBOT_ANSWERS = {
  ok: { errcode: 0, errmsg: 'ok' },
  tokenNotExist: { errcode: 300001, errmsg: 'token is not exist' },
  signNotMatch: { errcode: 310000, errmsg: 'sign not match' },
  keywordsNotInContent: { errcode: 310000, errmsg: 'keywords not in content' },
  sendTooFast: { errcode: 410100, errmsg: 'send too fast, exceed 20 times per minute' },
} as const satisfies Record<string, RobotAnswer>;

/** A timestamp more than this far from the server's clock is refused (public docs: 1 hour). */
export const ROBOT_TIMESTAMP_WINDOW_MS = 3_600_000;
const WINDOW_MS = 60_000;
const MESSAGE_TYPES = new Set(['text', 'markdown', 'link', 'actionCard', 'feedCard']);

/** `base64(HmacSHA256(secret, timestamp + "\n" + secret))` — the value `sign` carries, URL-decoded. */
export function expectedRobotSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** The robots, the messages they accepted and their per-minute windows. */
export class RobotState {
  readonly robots = new Map<string, Required<Pick<RobotOptions, 'accessToken' | 'name'>> & RobotOptions>();
  readonly messages: RobotMessage[] = [];
  /** Accepted-message times per token within the last minute (a sliding window). */
  private readonly sent = new Map<string, number[]>();
  private seq = 0;

  constructor(
    private readonly initial: RobotOptions[],
    /** Messages per robot per sliding minute; 0 or Infinity lifts the limit. */
    public perMinute: number,
    private readonly now: () => number,
  ) {
    this.reset();
  }

  /** Adds (or replaces) a robot. */
  add(robot: RobotOptions): void {
    this.robots.set(robot.accessToken, {
      ...robot,
      name: robot.name ?? `robot-${this.robots.size + 1}`,
      ...(robot.keywords ? { keywords: robot.keywords.slice(0, 10) } : {}),
    });
  }

  /** Back to the configured robots, no messages, empty windows. */
  reset(): void {
    this.robots.clear();
    for (const robot of this.initial) this.add(robot);
    this.messages.length = 0;
    this.sent.clear();
    this.seq = 0;
  }

  /** Messages accepted by a robot within the last minute. */
  sentLastMinute(accessToken: string): number {
    return this.window(accessToken).length;
  }

  /** Answers one `POST /robot/send`: token, signature, rate, body shape, keywords — in that order. */
  send(request: RobotSendRequest): RobotAnswer {
    const robot = request.accessToken ? this.robots.get(request.accessToken) : undefined;
    if (!robot) return ROBOT_ANSWERS.tokenNotExist;
    if (robot.secret && !this.signed(robot.secret, request.timestamp, request.sign))
      return ROBOT_ANSWERS.signNotMatch;
    const window = this.window(robot.accessToken);
    if (this.perMinute > 0 && Number.isFinite(this.perMinute) && window.length >= this.perMinute)
      return ROBOT_ANSWERS.sendTooFast;
    const parsed = parseMessage(request.body);
    if ('errcode' in parsed) return parsed;
    if (
      robot.keywords &&
      robot.keywords.length > 0 &&
      !robot.keywords.some((k) => parsed.content.includes(k))
    )
      return ROBOT_ANSWERS.keywordsNotInContent;
    const receivedAt = this.now();
    window.push(receivedAt);
    this.messages.push({
      seq: ++this.seq,
      robot: robot.name,
      accessToken: robot.accessToken,
      ...parsed,
      receivedAt,
    });
    return ROBOT_ANSWERS.ok;
  }

  private signed(secret: string, timestamp: string | undefined, sign: string | undefined): boolean {
    if (!timestamp || !sign || !/^\d{1,16}$/.test(timestamp)) return false;
    if (Math.abs(this.now() - Number(timestamp)) > ROBOT_TIMESTAMP_WINDOW_MS) return false;
    return sameText(sign, expectedRobotSign(secret, timestamp));
  }

  private window(accessToken: string): number[] {
    const since = this.now() - WINDOW_MS;
    const times = (this.sent.get(accessToken) ?? []).filter((t) => t > since);
    this.sent.set(accessToken, times);
    return times;
  }
}

/** The message of a body, or the (simulated) 40035 answer naming what is missing. */
function parseMessage(
  body: unknown,
): Omit<RobotMessage, 'seq' | 'robot' | 'accessToken' | 'receivedAt'> | RobotAnswer {
  if (!isObject(body)) return { errcode: 40035, errmsg: '缺少参数 json' };
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || !MESSAGE_TYPES.has(msgtype))
    return { errcode: 40035, errmsg: '缺少参数 msgtype' };
  const payload = body[msgtype];
  if (!isObject(payload)) return { errcode: 40035, errmsg: `缺少参数 ${msgtype}` };
  const at = isObject(body.at) ? body.at : null;
  if (msgtype === 'text') {
    if (!nonEmpty(payload.content)) return { errcode: 40035, errmsg: '缺少参数 text.content' };
    return { msgtype, payload, at, content: payload.content as string };
  }
  if (msgtype === 'markdown') {
    if (!nonEmpty(payload.title)) return { errcode: 40035, errmsg: '缺少参数 markdown.title' };
    if (!nonEmpty(payload.text)) return { errcode: 40035, errmsg: '缺少参数 markdown.text' };
    return { msgtype, payload, at, content: `${payload.title as string}\n${payload.text as string}` };
  }
  return { msgtype, payload, at, content: JSON.stringify(payload) };
}
