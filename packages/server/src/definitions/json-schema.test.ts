import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, documentJsonSchema, documentJsonSchemaText, kindJsonSchema } from './json-schema.ts';
import { SCHEMA_FILE } from './write-json-schema.ts';

describe('documentJsonSchema', () => {
  it('selects one schema per kind', () => {
    const schema = documentJsonSchema() as {
      allOf: unknown[];
      $defs: Record<string, { properties: { kind: unknown } }>;
    };
    expect(schema.allOf).toHaveLength(DOCUMENT_KINDS.length);
    for (const kind of DOCUMENT_KINDS)
      expect(schema.$defs[kind]?.properties.kind).toEqual({ type: 'string', const: kind });
  });

  it('leaves fields with defaults optional and closes objects', () => {
    const flow = kindJsonSchema('flow') as { required: string[]; additionalProperties: unknown };
    expect(flow.required).toEqual(
      expect.arrayContaining(['schemaVersion', 'kind', 'id', 'name', 'trigger', 'steps']),
    );
    expect(flow.required).not.toContain('enabled');
    expect(flow.additionalProperties).toBe(false);
  });

  it('names the recursive definitions and leaves no dangling reference', () => {
    const text = documentJsonSchemaText();
    const schema = JSON.parse(text) as { $defs: Record<string, unknown> };
    const refs = [...text.matchAll(/"#\/\$defs\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(new Set(refs)).toContain('step');
    for (const ref of refs) expect(schema.$defs[ref], ref).toBeDefined();
  });

  it('matches the committed schemas/qiao.schema.json (run write-json-schema.ts when this fails)', async () => {
    const committed = JSON.parse(await readFile(SCHEMA_FILE, 'utf8'));
    expect(committed).toEqual(documentJsonSchema());
  });
});
