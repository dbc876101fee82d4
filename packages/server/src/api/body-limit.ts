import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { sendError } from './api-error.ts';

const MB = 1024 * 1024;

/** Request body limits in bytes: every request, and the routes that take whole documents of other tools. */
export interface BodyLimits {
  /** Definitions, form records, webhooks, everything else (default 5 MB). */
  default: number;
  /** `POST /api/v1/connectors/import-openapi`: a vendor's OpenAPI document (default 25 MB). */
  import: number;
}

/** The default limits: 5 MB (a form record of ~20,000 detail rows), 25 MB for an OpenAPI import. */
export const DEFAULT_BODY_LIMITS: BodyLimits = { default: 5 * MB, import: 25 * MB };

/** Paths whose bodies may use the `import` limit. */
const IMPORT_PATHS = new Set(['/api/v1/connectors/import-openapi']);

/**
 * The limits from the environment: `QIAO_BODY_LIMIT_MB` and `QIAO_IMPORT_BODY_LIMIT_MB` (megabytes,
 * decimals allowed); an absent, empty or invalid value keeps the default.
 */
export function bodyLimitsFrom(env: Readonly<Record<string, string | undefined>>): BodyLimits {
  const read = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    const mb = raw ? Number(raw) : Number.NaN;
    return Number.isFinite(mb) && mb > 0 ? Math.round(mb * MB) : fallback;
  };
  return {
    default: read('QIAO_BODY_LIMIT_MB', DEFAULT_BODY_LIMITS.default),
    import: read('QIAO_IMPORT_BODY_LIMIT_MB', DEFAULT_BODY_LIMITS.import),
  };
}

/**
 * Refuses a request body larger than its limit with 413 `INPUT_INVALID` before any of it is parsed
 * (Hono's `bodyLimit`: by `Content-Length`, else counted while read), so a huge body never reaches
 * validation, memory or an error message.
 */
export function limitBodies(limits: BodyLimits): MiddlewareHandler {
  const tooLarge = (maxSize: number, variable: string) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        sendError(
          c,
          413,
          'INPUT_INVALID',
          `请求体过大：上限 ${formatSize(maxSize)}（可用环境变量 ${variable} 调整） / ` +
            `The request body is too large: the limit is ${formatSize(maxSize)} (set by ${variable}).`,
          { limitBytes: maxSize },
        ),
    });
  const usual = tooLarge(limits.default, 'QIAO_BODY_LIMIT_MB');
  const imports = tooLarge(limits.import, 'QIAO_IMPORT_BODY_LIMIT_MB');
  return (c, next) => (IMPORT_PATHS.has(c.req.path) ? imports(c, next) : usual(c, next));
}

function formatSize(bytes: number): string {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
