import { z } from '@hono/zod-openapi';
import { QiaoError } from '../../errors/index.ts';
import { DEFAULT_LIMITS } from '../../expressions/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import { applyMapping, compileMapping } from '../../mapping/index.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  ERROR_RESPONSES,
  input,
  jsonBody,
  jsonResponse,
} from '../route-kit.ts';

/** Largest serialized preview request part (mapping, sample or bindings) accepted: 1 MB, like the expression size limit. */
export const PREVIEW_MAX_CHARS = 1_000_000;

const PreviewBody = z
  .object({
    mapping: z
      .unknown()
      .openapi({ description: 'The mapping: target field → templated value, with directives' }),
    sample: z.unknown().openapi({ description: 'The sample record the mapping runs on (its root)' }),
    bindings: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'Variables such as `tables` (for $lookup), `record`, `key`, constants' }),
  })
  .strict()
  .openapi('MappingPreview');
type PreviewRequest = z.infer<typeof PreviewBody>;

function sizeChecked(name: string, value: unknown): JsonValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text.length > PREVIEW_MAX_CHARS) {
    throw new QiaoError(
      'INPUT_INVALID',
      `${name} 过大（超过 ${PREVIEW_MAX_CHARS} 字符） / ${name} is too large (over ${PREVIEW_MAX_CHARS} characters)`,
      { details: { field: name, size: text.length, max: PREVIEW_MAX_CHARS } },
    );
  }
  return value as JsonValue;
}

/**
 * Runs a mapping on a sample record with the real compiler and the default expression limits; a
 * compile error throws EXPRESSION_SYNTAX / DEFINITION_INVALID naming the field, a run-time failure
 * MAPPING_FAILED with the field, source value and expression. The interpreted tree runs (no code is
 * generated per preview): it is the reference and gives the precise error on the first pass.
 */
export async function previewMapping(request: PreviewRequest): Promise<JsonValue> {
  const mapping = sizeChecked('mapping', request.mapping);
  const sample = sizeChecked('sample', request.sample);
  const bindings = sizeChecked('bindings', request.bindings ?? {}) as JsonObject;
  const compiled = compileMapping(mapping, { limits: DEFAULT_LIMITS, codegen: false });
  const scope = { record: sample, tables: {}, ...bindings };
  return applyMapping(compiled, sample, scope);
}

/** Registers `POST /api/v1/mapping/preview {mapping, sample, bindings?} → {output}` (editor and admin). */
export function registerMappingRoutes(app: ApiApp, _deps: ApiDeps): void {
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/mapping/preview',
      tags: ['mapping'],
      operationId: 'previewMapping',
      summary: 'Run a mapping on a sample record',
      description:
        'The real mapping compiler with the default expression limits; `sample` is the record and `bindings` add variables (e.g. `tables` for $lookup). Failures are 400 `MAPPING_FAILED` (`details.field`, `sourceValue`, `expression`), `EXPRESSION_SYNTAX` or `DEFINITION_INVALID`; a part over 1 MB is `INPUT_INVALID`.',
      request: { body: jsonBody(PreviewBody) },
      responses: {
        200: jsonResponse(AnyObject, '{output}: the mapped value'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const body = input<PreviewRequest>(c, 'json');
      const output = await previewMapping(body);
      return c.json({ output });
    },
  );
}
