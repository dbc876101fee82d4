import { api } from '../api/client.ts';
import type { ConnectorInfo, DefinitionHead, DefinitionVersion, Items, OperationInfo } from '../api/types.ts';
import type { Flow } from '../flow/flow-model.ts';
import { type FieldNode, type FormField, fieldsOfForm, fieldsOfSample } from '../mapping/field-tree.ts';

/** A form definition as the editor reads it. */
export interface FormDef {
  id: string;
  name: string;
  fields: FormField[];
  details?: Array<{ id: string; label: string; fields: FormField[]; minRows?: number }>;
}

/** What the flow editor needs besides the flow: connectors, connections (with their connector) and forms. */
export interface EditorContext {
  connectors: ConnectorInfo[];
  connections: Array<{ id: string; name: string | null; connector: string }>;
  forms: FormDef[];
}

/** Loads the editor context through the API. */
export async function loadEditorContext(): Promise<EditorContext> {
  const [connectors, conns, forms] = await Promise.all([
    api<Items<ConnectorInfo>>('GET', '/connectors'),
    api<Items<DefinitionHead>>('GET', '/connections'),
    api<Items<DefinitionHead>>('GET', '/forms'),
  ]);
  const connections = await Promise.all(
    conns.items.map(async (h) => ({
      id: h.id,
      name: h.name,
      connector: String(
        (await api<DefinitionVersion>('GET', `/connections/${encodeURIComponent(h.id)}`)).definition
          .connector,
      ),
    })),
  );
  const formDefs = await Promise.all(
    forms.items.map(
      async (h) =>
        (await api<DefinitionVersion<FormDef>>('GET', `/forms/${encodeURIComponent(h.id)}`)).definition,
    ),
  );
  return { connectors: connectors.items, connections, forms: formDefs };
}

/** The operation a call step names (through its connection's connector). */
export function operationOf(
  ctx: EditorContext,
  connection: unknown,
  operation: unknown,
): OperationInfo | undefined {
  const conn = ctx.connections.find((c) => c.id === connection);
  const connector = ctx.connectors.find((c) => c.id === conn?.connector);
  return connector?.operations.find((o) => o.id === operation);
}

/** The top-level property names of a JSON schema (target fields of an operation). */
export function schemaFields(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

/** A sample record of a form: typed placeholder values, two detail rows per detail table. */
export function sampleOfForm(form: FormDef): Record<string, unknown> {
  const value = (f: FormField, i: number) =>
    f.type === 'number' || f.type === 'decimal'
      ? 100 * (i + 1)
      : f.type === 'date'
        ? '2024-01-15'
        : f.type === 'boolean'
          ? true
          : (f.options?.[0]?.value ?? `${f.label}${i + 1}`);
  const record: Record<string, unknown> = Object.fromEntries(form.fields.map((f) => [f.id, value(f, 0)]));
  for (const d of form.details ?? [])
    record[d.id] = [0, 1].map((i) => Object.fromEntries(d.fields.map((f) => [f.id, value(f, i)])));
  return record;
}

/** Source fields and the sample scope for a step: the trigger (form fields) and earlier steps' outputs. */
export function sourcesFor(
  ctx: EditorContext,
  flow: Flow,
  before: string[],
): { sources: FieldNode[]; scope: Record<string, unknown> } {
  const form = flow.trigger.type === 'form' ? ctx.forms.find((f) => f.id === flow.trigger.form) : undefined;
  const trigger = form ? sampleOfForm(form) : {};
  const sources: FieldNode[] = form ? fieldsOfForm(form) : [];
  const steps: Record<string, { output: unknown }> = {};
  for (const id of before) {
    const step = findStep(flow, id);
    const op = step?.type === 'call' ? operationOf(ctx, step.connection, step.operation) : undefined;
    const sample = op?.sample ?? sampleOfSchema(op?.outputSchema);
    steps[id] = { output: sample };
    sources.push({
      path: `steps.${id}.output`,
      key: id,
      label: `${id} →`,
      kind: 'object',
      children: fieldsOfSample(sample, `steps.${id}.output`),
    });
  }
  return { sources, scope: { trigger, steps, vars: {} } };
}

function findStep(flow: Flow, id: string) {
  const stack = [...flow.steps];
  while (stack.length) {
    const s = stack.shift();
    if (!s) break;
    if (s.id === id) return s;
    for (const k of ['then', 'else', 'steps'] as const)
      if (Array.isArray(s[k])) stack.push(...(s[k] as typeof flow.steps));
  }
  return undefined;
}

function sampleOfSchema(schema: unknown): unknown {
  const s = schema as { type?: string; properties?: Record<string, unknown>; items?: unknown } | undefined;
  if (!s) return {};
  if (s.properties)
    return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, sampleOfSchema(v)]));
  if (s.type === 'array') return [sampleOfSchema(s.items)];
  return s.type === 'number' || s.type === 'integer' ? 0 : s.type === 'boolean' ? false : '';
}
