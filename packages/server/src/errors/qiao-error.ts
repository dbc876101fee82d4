import type { JsonObject, JsonValue } from '../json.ts';
import { ERROR_CATALOGUE, type ErrorCode, type ErrorKind } from './catalogue.ts';

export type { ErrorKind };

/** The external system's own error, kept verbatim (DingTalk errcode/errmsg, K3Cloud MsgCode/Message…). */
export type SystemError = JsonObject;

/** How an error is stored in run records, ledgers and API responses. */
export interface StructuredError {
  code: ErrorCode;
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  attempt?: number;
  /** Milliseconds the system asked us to wait (rate limits). */
  retryAfterMs?: number;
  system?: SystemError;
  details?: JsonValue;
}

/** Options of a QiaoError beyond its code and message. */
export interface QiaoErrorOptions {
  cause?: unknown;
  system?: SystemError;
  details?: JsonValue;
  retryAfterMs?: number;
  /** Overrides the catalogue's kind (e.g. an HTTP error classified by a connector). */
  kind?: ErrorKind;
}

/** The one error class of Qiao: a stable code from the catalogue, a kind, and retry meaning. */
export class QiaoError extends Error {
  override readonly name = 'QiaoError';
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly system: SystemError | undefined;
  readonly details: JsonValue | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: QiaoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.kind = options.kind ?? ERROR_CATALOGUE[code].kind;
    this.system = options.system;
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether the engine may try again (operational and auth-expired errors). */
  get retryable(): boolean {
    return this.kind === 'operational' || this.kind === 'auth-expired';
  }

  /** The stored, JSON form of this error. */
  toStructured(attempt?: number): StructuredError {
    const out: StructuredError = {
      code: this.code,
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
    };
    if (attempt !== undefined) out.attempt = attempt;
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    if (this.system !== undefined) out.system = this.system;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }
}

/** Converts anything thrown into a StructuredError; unknown throwables become `INTERNAL` (unexpected). */
export function toStructuredError(error: unknown, attempt?: number): StructuredError {
  if (error instanceof QiaoError) return error.toStructured(attempt);
  const message = error instanceof Error ? error.message : String(error);
  const out: StructuredError = { code: 'INTERNAL', kind: 'unexpected', message, retryable: false };
  if (attempt !== undefined) out.attempt = attempt;
  return out;
}
