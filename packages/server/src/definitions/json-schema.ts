import { z } from 'zod';
import { type DocumentKind, documentSchema } from './document.ts';

/** The document kinds, in the order of `documentSchema`'s options. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['connection', 'connector', 'flow', 'sync', 'form'];

type JsonSchema = Record<string, unknown>;

/** Draft 2020-12 JSON Schema (input side: fields with defaults are optional) of every document kind. */
function generate(): { branches: JsonSchema[]; defs: Record<string, JsonSchema> } {
  const raw = z.toJSONSchema(documentSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
  let text = JSON.stringify({ oneOf: raw.oneOf, $defs: raw.$defs ?? {} });
  // Give zod's generated names (__schema0 …) the names of what they are: recursive values and steps.
  for (const [name, def] of Object.entries((raw.$defs ?? {}) as Record<string, JsonSchema>)) {
    const readable = JSON.stringify(def).includes('"const":"call"') ? 'step' : 'value';
    text = text
      .replaceAll(`"#/$defs/${name}"`, `"#/$defs/${readable}"`)
      .replaceAll(`"${name}":`, `"${readable}":`);
  }
  const parsed = JSON.parse(text) as { oneOf: JsonSchema[]; $defs: Record<string, JsonSchema> };
  return { branches: parsed.oneOf, defs: parsed.$defs };
}

/**
 * The JSON Schema of the document format: `kind` selects the per-kind schema through `if`/`then` (which the
 * YAML language server reports precisely), and each kind's schema is in `$defs` under its name.
 */
export function documentJsonSchema(): JsonSchema {
  const { branches, defs } = generate();
  const kinds: Record<string, JsonSchema> = {};
  DOCUMENT_KINDS.forEach((kind, i) => {
    kinds[kind] = { title: `Qiao ${kind}`, ...(branches[i] ?? {}) };
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Qiao definition (connection, connector, flow, sync or form)',
    type: 'object',
    required: ['schemaVersion', 'kind'],
    properties: { schemaVersion: { const: 1 }, kind: { enum: [...DOCUMENT_KINDS] } },
    allOf: DOCUMENT_KINDS.map((kind) => ({
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then` keyword, never awaited
      then: { $ref: `#/$defs/${kind}` },
    })),
    $defs: { ...defs, ...kinds },
  };
}

/** The standalone JSON Schema of one document kind (with the shared definitions it needs). */
export function kindJsonSchema(kind: DocumentKind): JsonSchema {
  const { branches, defs } = generate();
  const branch = branches[DOCUMENT_KINDS.indexOf(kind)] ?? {};
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Qiao ${kind}`,
    ...branch,
    $defs: defs,
  };
}

/** The published schema file's text: stable, 2-space indented, newline-terminated. */
export function documentJsonSchemaText(): string {
  return `${JSON.stringify(documentJsonSchema(), null, 2)}\n`;
}
