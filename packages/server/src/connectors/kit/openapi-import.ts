import { type ConnectorDefinition, connectorSchema, SCHEMA_VERSION } from '../../definitions/schema.ts';
import { bilingual, QiaoError, quoted } from '../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import { isJsonObject } from '../../json.ts';

/** The result of an import: a user-defined connector document and what could not be carried over. */
export interface OpenApiImport {
  connector: ConnectorDefinition;
  warnings: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Operation = ConnectorDefinition['operations'][string];

/**
 * Imports an OpenAPI 3 document (parsed JSON/YAML) as a user-defined connector: one operation per
 * path × method (id from operationId or method+path), parameters and body properties as `{{ input.x }}`
 * templates, baseUrl from servers[0], auth from the first security scheme (secrets as `{{ secrets.x }}`).
 */
export function importOpenApi(
  document: JsonObject,
  options: { id?: string; name?: string } = {},
): OpenApiImport {
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3')) {
    throw new QiaoError('INPUT_INVALID', '只支持 OpenAPI 3 文档 / only OpenAPI 3 documents are supported');
  }
  const warnings: string[] = [];
  const info = objectAt(document.info);
  const title = typeof info.title === 'string' ? info.title : 'Imported API';
  const operations: Record<string, Operation> = {};
  for (const [path, rawItem] of Object.entries(objectAt(document.paths))) {
    const item = objectAt(deref(document, rawItem));
    for (const [method, rawOp] of Object.entries(item)) {
      if (!(METHODS as readonly string[]).includes(method)) {
        if (!['parameters', 'summary', 'description', 'servers', '$ref'].includes(method))
          warnings.push(`skipped ${method.toUpperCase()} ${path}`);
        continue;
      }
      const id = uniqueId(operationIdOf(objectAt(rawOp), method, path), operations);
      operations[id] = convertOperation(document, path, method, objectAt(rawOp), item);
    }
  }
  const candidate: JsonObject = {
    schemaVersion: SCHEMA_VERSION,
    kind: 'connector',
    id: sanitizeId(options.id ?? title) ?? 'imported',
    name: options.name ?? title,
    auth: authOf(document, warnings),
    operations: operations as unknown as JsonObject,
  };
  if (typeof info.description === 'string') candidate.description = info.description;
  const baseUrl = serverUrl(document);
  if (baseUrl) candidate.baseUrl = baseUrl;
  const parsed = connectorSchema.safeParse(candidate);
  if (!parsed.success) {
    // The first problem, by its path: a schema message may itself be `中文 / English`.
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    const said = quoted(issue?.message ?? '');
    throw new QiaoError(
      'DEFINITION_INVALID',
      bilingual(`导入结果无效：${at}${said.zh}`, `the imported connector is invalid: ${at}${said.en}`),
    );
  }
  return { connector: parsed.data, warnings };
}

function convertOperation(
  document: JsonObject,
  path: string,
  method: string,
  op: JsonObject,
  item: JsonObject,
): Operation {
  const params = [...arrayAt(item.parameters), ...arrayAt(op.parameters)].map((p) =>
    objectAt(deref(document, p)),
  );
  const query: Record<string, JsonValue> = {};
  const headers: Record<string, string> = {};
  const properties: Record<string, JsonValue> = {};
  const required: string[] = [];
  for (const param of params) {
    const name = typeof param.name === 'string' ? param.name : '';
    if (!name) continue;
    if (param.in === 'query') query[name] = inputRef(name);
    else if (param.in === 'header') headers[name] = inputRef(name);
    else if (param.in !== 'path') continue;
    properties[name] = isJsonObject(param.schema) ? deref(document, param.schema) : {};
    if (param.required === true || param.in === 'path') required.push(name);
  }
  const out: Operation = {
    method: method.toUpperCase() as Operation['method'],
    path: path.replace(/\{([^}]+)\}/g, (_, name: string) => inputRef(name)),
  };
  const body = bodyOf(document, op, properties, required);
  if (body !== undefined) out.body = body;
  if (Object.keys(query).length > 0) out.query = query;
  if (Object.keys(headers).length > 0) out.headers = headers;
  if (typeof op.summary === 'string') out.name = op.summary;
  if (typeof op.description === 'string') out.description = op.description;
  out.inputSchema = { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  const output = outputSchemaOf(document, op);
  if (output) out.outputSchema = output;
  return out;
}

function bodyOf(
  document: JsonObject,
  op: JsonObject,
  properties: Record<string, JsonValue>,
  required: string[],
): JsonValue | undefined {
  const requestBody = objectAt(deref(document, op.requestBody ?? null));
  const content = objectAt(requestBody.content);
  const media = objectAt(content['application/json'] ?? Object.values(content)[0] ?? null);
  if (Object.keys(requestBody).length === 0) return undefined;
  const schema = objectAt(deref(document, media.schema ?? null));
  const props = objectAt(schema.properties);
  const names = Object.keys(props).filter((n) => !n.includes('`') && !(n in properties));
  if (schema.type !== 'object' || names.length === 0) {
    properties.body = schema;
    if (requestBody.required === true) required.push('body');
    return '{{ input.body }}';
  }
  const body: Record<string, JsonValue> = {};
  for (const name of names) {
    body[name] = inputRef(name);
    properties[name] = deref(document, props[name] ?? {});
  }
  for (const name of arrayAt(schema.required))
    if (typeof name === 'string' && names.includes(name)) required.push(name);
  return body;
}

function outputSchemaOf(document: JsonObject, op: JsonObject): JsonObject | undefined {
  const responses = objectAt(op.responses);
  const ok = objectAt(deref(document, responses['200'] ?? responses['201'] ?? responses.default ?? null));
  const media = objectAt(objectAt(ok.content)['application/json'] ?? null);
  return isJsonObject(media.schema) ? objectAt(deref(document, media.schema)) : undefined;
}

function authOf(document: JsonObject, warnings: string[]): JsonObject {
  const schemes = objectAt(objectAt(document.components).securitySchemes);
  const [name, raw] = Object.entries(schemes)[0] ?? [];
  if (!name || !raw) return { type: 'none' };
  const scheme = objectAt(deref(document, raw));
  if (
    scheme.type === 'apiKey' &&
    (scheme.in === 'header' || scheme.in === 'query') &&
    typeof scheme.name === 'string'
  ) {
    return { type: 'apiKey', in: scheme.in, name: scheme.name, value: '{{ secrets.apiKey }}' };
  }
  if (scheme.type === 'http' && scheme.scheme === 'bearer')
    return { type: 'bearer', token: '{{ secrets.token }}' };
  if (scheme.type === 'http' && scheme.scheme === 'basic') {
    return { type: 'basic', username: '{{ config.username }}', password: '{{ secrets.password }}' };
  }
  const flow = objectAt(objectAt(scheme.flows).clientCredentials);
  if (scheme.type === 'oauth2' && typeof flow.tokenUrl === 'string') {
    return {
      type: 'oauth2ClientCredentials',
      tokenUrl: flow.tokenUrl,
      clientId: '{{ config.clientId }}',
      clientSecret: '{{ secrets.clientSecret }}',
    };
  }
  warnings.push(`security scheme "${name}" (${String(scheme.type)}) needs manual auth setup`);
  return { type: 'none' };
}

function serverUrl(document: JsonObject): string | undefined {
  const server = objectAt(arrayAt(document.servers)[0] ?? null);
  if (typeof server.url !== 'string') return undefined;
  const variables = objectAt(server.variables);
  return server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const fallback = objectAt(variables[name] ?? null).default;
    return typeof fallback === 'string' ? fallback : whole;
  });
}

/** A template reading one input field; names that are not identifiers are quoted with JSONata backticks. */
function inputRef(name: string): string {
  return /^[A-Za-z_]\w*$/.test(name) ? `{{ input.${name} }}` : `{{ input.\`${name}\` }}`;
}

function operationIdOf(op: JsonObject, method: string, path: string): string {
  const fromId = typeof op.operationId === 'string' ? sanitizeId(op.operationId) : undefined;
  if (fromId) return fromId;
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return sanitizeId(`${method}${camel}`) ?? method;
}

function sanitizeId(text: string): string | undefined {
  const cleaned = text
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, 60);
  return cleaned === '' ? undefined : cleaned;
}

function uniqueId(id: string, taken: Record<string, unknown>): string {
  let candidate = id;
  for (let n = 2; Object.hasOwn(taken, candidate); n++) candidate = `${id.slice(0, 58)}_${n}`;
  return candidate;
}

function deref(document: JsonObject, node: JsonValue, depth = 0): JsonValue {
  if (!isJsonObject(node) || typeof node.$ref !== 'string' || depth > 20) return node;
  if (!node.$ref.startsWith('#/')) return node;
  let target: JsonValue | undefined = document;
  for (const part of node.$ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    target = isJsonObject(target) ? target[key] : undefined;
  }
  return target === undefined ? node : deref(document, target, depth + 1);
}

function objectAt(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

function arrayAt(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}
