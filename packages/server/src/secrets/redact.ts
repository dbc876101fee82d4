/** What replaces a secret. */
export const REDACTED = '***';

/** Known secret values shorter than this are not searched for inside text (they would match everywhere). */
export const MIN_SECRET_LENGTH = 4;

/**
 * Key names whose values are secret whatever they hold (case-insensitive): passwords, secrets,
 * tokens, signatures, auth headers, cookies, session ids, API and AES keys, tickets.
 */
const SECRET_NAME =
  /(password|passwd|pwd|secret|token|signature|authorization|cookie|session[-_]?id|api[-_]?key|private[-_]?key|aes[-_]?key|credential|ticket)|^(sign|x-kd-sign.*)$/i;

/** Paging cursors are named like tokens but are not secrets (Feishu `page_token`, `next_token`…); masking them would break resuming. */
const CURSOR_NAME = /^(next_?token|page_?token|next_?page_?token|sync_?token|continuation_?token)$/i;

/** Whether a field, header or query-parameter name denotes a secret value. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !CURSOR_NAME.test(name);
}

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

/**
 * Builds a redactor: every occurrence of a known secret value (also inside longer strings, URLs,
 * query strings and JSON text, URL-encoded or not) becomes `***`, and so does the value of any
 * field, header or query parameter whose name looks secret (`isSecretName`). Use it on run
 * records, logs and API output.
 */
export function createRedactor(secretValues: readonly string[]): Redact {
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
  const text = (value: string): string => redactText(value, known);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object' && isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        out[key] = isSecretName(key) && inner !== null && inner !== '' ? REDACTED : walk(inner);
      }
      return out;
    }
    return value;
  };
  return <T>(value: T): T => walk(value) as T;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function redactText(value: string, known: RegExp | undefined): string {
  let out = known === undefined || value.length < MIN_SECRET_LENGTH ? value : value.replace(known, REDACTED);
  if (out.includes('=')) {
    out = out.replace(QUERY_PARAM, (whole, lead: string, name: string) =>
      isSecretName(safeDecode(name)) ? `${lead}${name}=${REDACTED}` : whole,
    );
  }
  if (out.includes('"')) {
    out = out.replace(JSON_FIELD, (whole, name: string, colon: string) =>
      isSecretName(name) ? `"${name}"${colon}"${REDACTED}"` : whole,
    );
  }
  if (out.includes(' ')) out = out.replace(AUTH_SCHEME, (_, scheme: string) => `${scheme} ${REDACTED}`);
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
