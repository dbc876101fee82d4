/** What replaces a secret. */
export const REDACTED = '***';

/** Known secret values shorter than this are not searched for inside text (they would match everywhere). */
export const MIN_SECRET_LENGTH = 4;

/**
 * Key names whose values are secret whatever they hold (case-insensitive): passwords, secrets,
 * tokens, signatures, auth headers, cookies, session ids, API and AES keys, tickets — and the Chinese
 * names forms and payloads give them (密码, 口令, 密钥, 令牌). 签名 (signature) is left out: it also
 * names ordinary fields (签名日期, 电子签名 images).
 */
// biome-ignore lint/complexity/useRegexLiterals: a non-ASCII regex literal would make its bundle chunk a two-byte string (bin/build.mjs)
const SECRET_NAME = new RegExp(
  '(password|passwd|pwd|secret|token|signature|authorization|cookie|session[-_]?id|api[-_]?key|private[-_]?key|aes[-_]?key|credential|ticket|密码|口令|密钥|令牌)|^(sign|x-kd-sign.*)$',
  'i',
);

/** Paging cursors are named like tokens but are not secrets (Feishu `page_token`, `next_token`…); masking them would break resuming. */
const CURSOR_NAME = /^(next_?token|page_?token|next_?page_?token|sync_?token|continuation_?token)$/i;

/** Answers of `isSecretName` by name: bodies repeat the same few field names record after record. */
const secretNames = new Map<string, boolean>();
/** Names remembered at most (the map is emptied when full: names are bounded by the documents' fields). */
const SECRET_NAMES_KEPT = 4_096;

/** Whether a field, header or query-parameter name denotes a secret value. */
export function isSecretName(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    secret = SECRET_NAME.test(name) && !CURSOR_NAME.test(name);
    if (secretNames.size >= SECRET_NAMES_KEPT) secretNames.clear();
    secretNames.set(name, secret);
  }
  return secret;
}

/**
 * A word every secret name holds (SECRET_NAME's alternatives, `session` for `session-id`, `sign` for
 * `sign` and `x-kd-sign…`): a text without any of them has no secret-named query parameter nor JSON
 * field, and one plain scan of it spares the per-field callbacks (a 12 KB DingTalk instance holds
 * some 200 quoted fields). Percent-encoded parameter names are decoded before the check, so a text
 * with `%` still takes the full path.
 */
// biome-ignore lint/complexity/useRegexLiterals: a non-ASCII regex literal would make its bundle chunk a two-byte string (bin/build.mjs)
const SECRET_NAME_WORD = new RegExp(
  'password|passwd|pwd|secret|token|sign|authorization|cookie|session|api[-_]?key|private[-_]?key|aes[-_]?key|credential|ticket|密码|口令|密钥|令牌',
  'i',
);

const QUERY_PARAM = /([?&;]|^)([^=&#\s?;]+)=([^&#\s;]*)/g;
const JSON_FIELD = /"([^"\\]{1,100})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/g;

/** A function that returns a copy of a value with secrets replaced by `***`. */
export type Redact = <T>(value: T) => T;

/** The spellings a secret takes inside text: as is, URL-encoded (both hex cases, form `+`), JSON-escaped. */
function spellings(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const lowerHex = encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, encoded, lowerHex, encoded.replaceAll('%20', '+'), json];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Options of `createRedactor`. */
export interface RedactorOptions {
  /**
   * Return the value itself — or its unchanged parts — where nothing is masked, instead of a full copy:
   * several times cheaper on clean bodies (no allocation). Only for values nobody mutates while the
   * result is kept (an exchange about to be stored). Masked parts are always new objects and the input
   * is never changed, so the masking itself is the same as with copies.
   */
  share?: boolean;
}

/** Sets a field of a copy; a "__proto__" field of parsed JSON stays a field, never becomes the prototype. */
function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** The key that plain assignment would turn into a prototype change. */
const PROTO = '__proto__';

/**
 * Builds a redactor: every occurrence of a known secret value (also inside longer strings, URLs,
 * query strings and JSON text, URL-encoded or not) becomes `***`, and so does the value of any
 * field, header or query parameter whose name looks secret (`isSecretName`). Use it on run
 * records, logs and API output.
 */
export function createRedactor(secretValues: readonly string[], options: RedactorOptions = {}): Redact {
  const variants = new Set<string>();
  for (const secret of secretValues) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    for (const s of spellings(secret)) variants.add(s);
  }
  // Longest first, so a secret containing another is replaced whole.
  const known =
    variants.size === 0
      ? undefined
      : new RegExp(
          [...variants]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'g',
        );
  // A text shorter than the shortest spelling cannot hold one: most body values (codes, amounts, dates).
  let shortest = Number.POSITIVE_INFINITY;
  for (const v of variants) shortest = Math.min(shortest, v.length);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value, known, shortest);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const list = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) list[i] = walk(value[i]);
      return list;
    }
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source)) {
      const inner = source[key];
      const masked = isSecretName(key) && inner !== null && inner !== '' ? REDACTED : walk(inner);
      if (key === PROTO) setField(out, key, masked);
      else out[key] = masked;
    }
    return out;
  };
  /** Like `walk`, but an unchanged value is returned as is and a copy is made only where something changes. */
  const share = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value, known, shortest);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let list: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        const masked = share(item);
        if (list === undefined && masked !== item) list = value.slice(0, i);
        list?.push(masked);
      }
      return list ?? value;
    }
    if (!isPlainObject(value)) return value;
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source);
    let out: Record<string, unknown> | undefined;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const inner = source[key];
      const masked = isSecretName(key) && inner !== null && inner !== '' ? REDACTED : share(inner);
      if (out === undefined) {
        if (masked === inner) continue;
        out = {};
        for (let j = 0; j < k; j++) setField(out, keys[j]!, source[keys[j]!]);
      }
      if (key === PROTO) setField(out, key, masked);
      else out[key] = masked;
    }
    return out ?? value;
  };
  if (options.share === true) return <T>(value: T): T => share(value) as T;
  return <T>(value: T): T => walk(value) as T;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function redactText(value: string, known: RegExp | undefined, shortest: number): string {
  let out = value;
  // `test` first: about half the cost of a `replace` that finds nothing (the common case).
  if (known !== undefined && value.length >= shortest && known.test(value)) {
    known.lastIndex = 0;
    out = value.replace(known, REDACTED);
  }
  const hasEquals = out.includes('=');
  const hasQuote = out.includes('"');
  if (!hasEquals && !hasQuote) return withoutAuthScheme(out);
  const named = SECRET_NAME_WORD.test(out);
  if (hasEquals && (named || out.includes('%'))) {
    out = out.replace(QUERY_PARAM, (whole, lead: string, name: string) =>
      isSecretName(safeDecode(name)) ? `${lead}${name}=${REDACTED}` : whole,
    );
  }
  // JSON_FIELD's names hold no escapes, so the word check on the text is exact for them.
  if (hasQuote && named) {
    out = out.replace(JSON_FIELD, (whole, name: string, colon: string) =>
      isSecretName(name) ? `"${name}"${colon}"${REDACTED}"` : whole,
    );
  }
  return withoutAuthScheme(out);
}

function withoutAuthScheme(text: string): string {
  return text.includes(' ')
    ? text.replace(AUTH_SCHEME, (_, scheme: string) => `${scheme} ${REDACTED}`)
    : text;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
