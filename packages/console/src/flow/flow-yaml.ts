import { parse, stringify } from 'yaml';

/** The result of reading YAML/JSON text: the value, or the first problem with its line. */
export type ParsedText = { ok: true; value: unknown } | { ok: false; message: string; line: number | null };

/** Writes a definition as YAML in the order its keys have (stable, lossless for JSON values). */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Writes a definition as pretty JSON. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Reads YAML or JSON text (JSON is YAML); reports the first syntax problem with its 1-based line. */
export function fromText(text: string): ParsedText {
  try {
    return { ok: true, value: parse(text, { prettyErrors: true }) };
  } catch (error) {
    const e = error as { message?: string; linePos?: Array<{ line: number }> };
    return {
      ok: false,
      message: String(e.message ?? error).split('\n')[0] ?? 'YAML',
      line: e.linePos?.[0]?.line ?? null,
    };
  }
}
