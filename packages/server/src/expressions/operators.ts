/**
 * JSONata's operator semantics (jsonata 2.x `evaluateBinary` and friends) for the engine-free evaluator:
 * the same truthiness, equality, ordering, arithmetic, concatenation and the same failures (a plain
 * object with JSONata's `code`, `position`, `token`, `value` and message), so `toExpressionError` reports
 * a direct evaluation exactly as it reports the engine's. `direct-equivalence.test.ts` compares both.
 */

/** The failure JSONata throws: a plain object, message filled in from its catalogue. */
export interface EngineFailure {
  code: string;
  message: string;
  position?: number;
  token?: string;
  value?: unknown;
  value2?: unknown;
}

/** JSONata's message templates of the codes the operators raise (jsonata.js `errorCodes`). */
const MESSAGES: Readonly<Record<string, string>> = {
  D1001: 'Number out of range: {{value}}',
  D1002: 'Cannot negate a non-numeric value: {{value}}',
  D3001: 'Attempting to invoke string function on Infinity or NaN',
  T2001: 'The left side of the {{token}} operator must evaluate to a number',
  T2002: 'The right side of the {{token}} operator must evaluate to a number',
  T2009:
    'The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type',
  T2010: 'The expressions either side of operator {{token}} must evaluate to numeric or string values',
};

/** A failure as the engine throws it; `populate` fills the message once position and token are known. */
function failure(code: string, fields: Omit<EngineFailure, 'code' | 'message'>): EngineFailure {
  return { code, message: '', ...fields };
}

/** JSONata's `populateMessage`: `{{name}}` becomes the JSON of the failure's field. */
export function populate(error: EngineFailure): EngineFailure {
  const template = MESSAGES[error.code];
  if (template !== undefined) {
    error.message = template.replace(
      /\{\{([^}]+)}}/g,
      (_, name: string) => JSON.stringify((error as unknown as Record<string, unknown>)[name]) as string,
    );
  }
  return error;
}

/** Marks an error raised under an operator with its position and token (evaluateBinary's catch), then fills the message. */
export function at(error: unknown, position: number, token: string): unknown {
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    e.position = position;
    e.token = token;
    if (typeof e.code === 'string' && Object.hasOwn(MESSAGES, e.code))
      populate(e as unknown as EngineFailure);
  }
  return error;
}

/** `utils.isNumeric`: a number that is not NaN; an infinite one fails with D1001. */
export function isNumeric(n: unknown): n is number {
  if (typeof n !== 'number') return false;
  if (Number.isNaN(n)) return false;
  if (!Number.isFinite(n)) throw populate(failure('D1001', { value: n }));
  return true;
}

/** `fn.boolean`: JSONata's effective boolean value; undefined stays undefined. */
export function toBoolean(arg: unknown): boolean | undefined {
  if (arg === undefined) return undefined;
  if (Array.isArray(arg)) {
    if (arg.length === 1) return toBoolean(arg[0]);
    if (arg.length > 1) return arg.filter((v) => toBoolean(v)).length > 0;
    return false;
  }
  if (typeof arg === 'string') return arg.length > 0;
  if (isNumeric(arg)) return arg !== 0;
  if (arg !== null && typeof arg === 'object') return Object.keys(arg).length > 0;
  if (typeof arg === 'function') return false;
  return arg === true;
}

/** `boolize`: the effective boolean value, undefined counting as false (`and`/`or` operands). */
export function boolize(value: unknown): boolean {
  return toBoolean(value) ?? false;
}

/** `isDeepEqual`: structural equality of JSON values (object keys in any order). */
export function deepEqual(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true;
  if (typeof lhs !== 'object' || typeof rhs !== 'object' || lhs === null || rhs === null) return false;
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    if (lhs.length !== rhs.length) return false;
    for (let i = 0; i < lhs.length; i++) if (!deepEqual(lhs[i], rhs[i])) return false;
    return true;
  }
  const lkeys = Object.getOwnPropertyNames(lhs).sort();
  const rkeys = Object.getOwnPropertyNames(rhs).sort();
  if (lkeys.length !== rkeys.length) return false;
  for (let i = 0; i < lkeys.length; i++) if (lkeys[i] !== rkeys[i]) return false;
  const l = lhs as Record<string, unknown>;
  const r = rhs as Record<string, unknown>;
  for (const key of lkeys) if (!deepEqual(l[key], r[key])) return false;
  return true;
}

/** `=` and `!=`: an absent side makes both false. */
export function equality(lhs: unknown, rhs: unknown, op: '=' | '!='): boolean {
  if (lhs === undefined || rhs === undefined) return false;
  return op === '=' ? deepEqual(lhs, rhs) : !deepEqual(lhs, rhs);
}

/** `<`, `<=`, `>`, `>=`: numbers with numbers, strings with strings; absent gives undefined. */
export function comparison(lhs: unknown, rhs: unknown, op: '<' | '<=' | '>' | '>='): boolean | undefined {
  const lt = typeof lhs;
  const rt = typeof rhs;
  const lok = lt === 'undefined' || lt === 'string' || lt === 'number';
  const rok = rt === 'undefined' || rt === 'string' || rt === 'number';
  if (!lok || !rok) {
    throw failure('T2010', { value: !(lt === 'string' || lt === 'number') ? lhs : rhs });
  }
  if (lt === 'undefined' || rt === 'undefined') return undefined;
  if (lt !== rt) throw failure('T2009', { value: lhs, value2: rhs });
  const a = lhs as number | string;
  const b = rhs as number | string;
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

/** `+ - * / %`: numbers only (T2001/T2002 otherwise); an absent side gives undefined. */
export function arithmetic(lhs: unknown, rhs: unknown, op: '+' | '-' | '*' | '/' | '%'): number | undefined {
  if (lhs !== undefined && !isNumeric(lhs)) throw failure('T2001', { value: lhs });
  if (rhs !== undefined && !isNumeric(rhs)) throw failure('T2002', { value: rhs });
  if (lhs === undefined || rhs === undefined) return undefined;
  const a = lhs as number;
  const b = rhs as number;
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  if (op === '/') return a / b;
  return a % b;
}

/** `in`: whether the left value is (strictly) one of the right side's items. */
export function includes(lhs: unknown, rhs: unknown): boolean {
  if (lhs === undefined || rhs === undefined) return false;
  const list = Array.isArray(rhs) ? rhs : [rhs];
  for (const item of list) if (item === lhs) return true;
  return false;
}

/** Unary `-`: negates a number; absent stays absent; anything else fails with D1002 at the operator. */
export function negate(value: unknown, position: number): number | undefined {
  if (value === undefined) return undefined;
  if (isNumeric(value)) return -value;
  throw populate(failure('D1002', { position, token: '-', value }));
}

function numberReplacer(_key: string, val: unknown): unknown {
  if (val !== undefined && val !== null && isNumeric(val)) {
    return Number.isInteger(val) ? val : Number(val.toPrecision(15));
  }
  return typeof val === 'function' ? '' : val;
}

/** `fn.string`: strings as is, numbers at 15 significant digits, anything else its JSON; absent stays absent. */
export function toText(arg: unknown): string | undefined {
  if (arg === undefined) return undefined;
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'function') return '';
  if (typeof arg === 'number' && !Number.isFinite(arg)) throw failure('D3001', { value: arg });
  return JSON.stringify(arg, numberReplacer) as string;
}

/** `&`: both sides as text (absent as ""), joined. */
export function concat(lhs: unknown, rhs: unknown): string {
  const l = lhs === undefined ? '' : (toText(lhs) as string);
  const r = rhs === undefined ? '' : (toText(rhs) as string);
  return l.concat(r);
}
