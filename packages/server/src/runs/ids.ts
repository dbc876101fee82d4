import { createHash } from 'node:crypto';
import { bilingual, QiaoError } from '../errors/index.ts';
import { canonicalJson, isJsonObject, type JsonObject, type JsonValue } from '../json.ts';

let counter = 0;

/**
 * A cheap, time-ordered id (sorts by creation within a process, unique across processes with
 * overwhelming probability): base-36 milliseconds, a counter and random digits.
 */
export function newRunId(now: number = Date.now()): string {
  counter = (counter + 1) % 1_679_616;
  const time = now.toString(36).padStart(9, '0');
  const seq = counter.toString(36).padStart(4, '0');
  const random = Math.floor(Math.random() * 2_176_782_336)
    .toString(36)
    .padStart(6, '0');
  return `${time}${seq}${random}`;
}

/**
 * The run id of an event that may arrive more than once (a webhook's `Idempotency-Key`, a system
 * callback's event id): `<prefix>-` and 24 base64url characters of the SHA-256 of the parts, so the
 * same event always names the same run and `enqueue` with that id creates it once.
 */
export function eventRunId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('base64url');
  return `${prefix}-${digest.slice(0, 24)}`;
}

/** The longest `Idempotency-Key` accepted. */
const MAX_IDEMPOTENCY_KEY = 255;

/**
 * The run id an `Idempotency-Key` header names within `scope` (e.g. a webhook's flow): undefined without
 * a key, `eventRunId(prefix, ...scope, key)` with one; a key over 255 characters is INPUT_INVALID.
 */
export function idempotentRunId(
  prefix: string,
  key: string | undefined,
  ...scope: string[]
): string | undefined {
  const trimmed = key?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  if (trimmed.length > MAX_IDEMPOTENCY_KEY)
    throw new QiaoError(
      'INPUT_INVALID',
      bilingual(
        `Idempotency-Key 过长（最多 ${MAX_IDEMPOTENCY_KEY} 个字符）`,
        `Idempotency-Key longer than ${MAX_IDEMPOTENCY_KEY} characters`,
      ),
    );
  return eventRunId(prefix, ...scope, trimmed);
}

/** Trigger members that differ between two sends of one request (who, when, transport headers). */
const VOLATILE_TRIGGER_KEYS = new Set(['by', 'createdAt', 'updatedAt', 'createdBy', 'headers']);

/**
 * A repeat of an `Idempotency-Key` must be the same request: its trigger (what the flow reads) equal to
 * the first run's but for who sent it, when, and the transport headers; a different one is
 * IDEMPOTENCY_KEY_REUSED (422), not a silent answer with the first run (the IETF Idempotency-Key draft).
 */
export function assertSameRequest(first: JsonValue, again: JsonObject): void {
  const stable = (trigger: JsonValue) =>
    isJsonObject(trigger)
      ? canonicalJson(
          Object.fromEntries(Object.entries(trigger).filter(([k]) => !VOLATILE_TRIGGER_KEYS.has(k))),
        )
      : canonicalJson(trigger);
  if (stable(first) === stable(again)) return;
  throw new QiaoError(
    'IDEMPOTENCY_KEY_REUSED',
    '这个 Idempotency-Key 已用于另一个请求体不同的请求，请换一个键 / this Idempotency-Key was used for a request with a different body; use a new key',
  );
}
