import { bilingual, QiaoError, quoted } from '../errors/index.ts';
import { toExpressionError } from '../expressions/index.ts';
import type { JsonValue } from '../json.ts';

/**
 * An evaluation failure on its way up the mapping tree: each object key and array index it passes adds
 * its segment, so the top level can name the field (`FPAYBILLENTRY[2].FPAYTOTALAMOUNTFOR`).
 */
export class FieldFailure extends Error {
  readonly segments: string[] = [];
  readonly expression: string;
  readonly failure: QiaoError;

  constructor(cause: unknown, expression: string) {
    const failure = toExpressionError(cause, expression);
    super(failure.message);
    this.failure = failure;
    this.expression = expression;
  }
}

/** Prefixes a failure with a key (`name`) or index (`[2]`) segment and returns it for rethrowing. */
export function atSegment(error: unknown, segment: string): unknown {
  if (error instanceof FieldFailure) error.segments.unshift(segment);
  return error;
}

/** Joins path segments: keys with dots, indices appended (`a.b[2].c`). */
export function formatFieldPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) out += s.startsWith('[') || out === '' ? s : `.${s}`;
  return out;
}

/** Where a mapping runs, for error details. */
export interface MappingSite {
  flowId?: string | undefined;
  stepId?: string | undefined;
}

function siteDetails(site: MappingSite): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (site.flowId !== undefined) out.flow = site.flowId;
  if (site.stepId !== undefined) out.step = site.stepId;
  return out;
}

/** Turns anything thrown by a compiled mapping into MAPPING_FAILED naming the field, source value and expression. */
export function toMappingError(error: unknown, site: MappingSite): QiaoError {
  if (error instanceof QiaoError && error.code === 'MAPPING_FAILED') return error;
  const failure = error instanceof FieldFailure ? error : new FieldFailure(error, '');
  const field = formatFieldPath(failure.segments);
  const cause = failure.failure;
  const causeDetails = cause.details;
  const sourceValue =
    typeof causeDetails === 'object' && causeDetails !== null && !Array.isArray(causeDetails)
      ? (causeDetails.value ?? null)
      : null;
  const said = quoted(cause.message);
  const message = bilingual(
    `字段 ${field || '(根)'} 映射失败：${said.zh}`,
    `field ${field || '(root)'} failed to map: ${said.en}`,
  );
  return new QiaoError('MAPPING_FAILED', message, {
    cause,
    details: {
      ...siteDetails(site),
      field,
      sourceValue,
      expression: failure.expression,
      cause: { code: cause.code, message: cause.message },
    },
  });
}

/** A compile-time failure (bad syntax, bad directive) re-thrown with the field path it was found at. */
export function atCompileField(error: unknown, field: string, site: MappingSite): QiaoError {
  const cause =
    error instanceof QiaoError ? error : new QiaoError('INTERNAL', String(error), { cause: error });
  const own = typeof cause.details === 'object' && cause.details !== null && !Array.isArray(cause.details);
  const details = {
    ...(own ? (cause.details as Record<string, JsonValue>) : {}),
    ...siteDetails(site),
    field,
  };
  const said = quoted(cause.message);
  const message = bilingual(`字段 ${field || '(根)'}：${said.zh}`, `field ${field || '(root)'}: ${said.en}`);
  return new QiaoError(cause.code, message, { cause, details });
}
