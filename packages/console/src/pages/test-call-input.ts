/** A JSON Schema property as operations declare them (the parts a template needs). */
interface PropertySchema {
  type?: string | string[];
  default?: unknown;
  examples?: unknown[];
  enum?: unknown[];
}

function blankOf(schema: PropertySchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') return 0;
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  if (type === 'object') return {};
  return '';
}

/**
 * The test call's starting input: the operation's required inputs, and those with a default, each with
 * its default, first example or a blank of its type — so the user sees what to fill in rather than `{}`.
 */
export function inputTemplate(inputSchema: unknown): string {
  const schema = (inputSchema ?? {}) as { properties?: Record<string, PropertySchema>; required?: string[] };
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const keys = Object.keys(properties).filter(
    (key) => required.has(key) || properties[key]?.default !== undefined,
  );
  if (keys.length === 0) return '{}';
  return JSON.stringify(
    Object.fromEntries(keys.map((key) => [key, blankOf(properties[key] ?? {})])),
    null,
    2,
  );
}

/** The one-line reason of a failed test call: the error's code and message, else the raw value. */
export function testErrorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return typeof code === 'string' ? `${code}：${String(message)}` : String(message);
  }
  return JSON.stringify(error);
}
