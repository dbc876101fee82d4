import { createHmac } from 'node:crypto';
import type { RequestSigner } from '../kit/connector-declaration.ts';
import type { HttpRequest } from '../kit/http-transport.ts';

/**
 * The robot's 加签 signature (public DingTalk docs, 自定义机器人安全设置):
 * `base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))`, UTF-8. The URL carries it
 * URL-encoded (`sign=` + `encodeURIComponent(base64)`): `+`, `/` and `=` must not reach the server raw.
 */
export function robotSignature(secret: string, timestamp: number | string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** The URL with `timestamp` and `sign` appended (the signature URL-encoded once, as the docs say). */
export function withRobotSignature(url: string, secret: string, timestamp: number): string {
  const sign = encodeURIComponent(robotSignature(secret, timestamp));
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}timestamp=${timestamp}&sign=${sign}`;
}

/**
 * The connector's `sign` hook: with `secrets.signSecret` set, every request gets `timestamp` (epoch ms,
 * taken now — the kit calls the hook for each attempt, so a retry is signed afresh) and `sign`; without
 * it the request goes as it is (a robot secured by keywords or an IP allowlist only).
 */
export function signRobotRequest(now: () => number = Date.now): RequestSigner {
  return (request: HttpRequest, { secrets }) => {
    const secret = secrets.signSecret;
    if (!secret) return request;
    return { ...request, url: withRobotSignature(request.url, secret, now()) };
  };
}
