import {
  type Diagnostic,
  type DiagnosticContext,
  type DocumentPath,
  diagnosticAt,
  formatPath,
} from './diagnostic.ts';
import type { ExpressionSite } from './expression-sites.ts';
import type { StepDefinition } from './flow-schema.ts';
import type { FormDefinition } from './form-schema.ts';
import { type LooseObject, looseList, looseObject, looseText } from './loose-value.ts';

/** A step of a flow in execution order (pre-order over nested steps). */
export interface StepEntry<Step = StepDefinition> {
  step: Step;
  /** The step's id; undefined only for a step read loosely whose `id` is not text. */
  id: string | undefined;
  path: DocumentPath;
  order: number;
  /** Ids of the condition/forEach steps this one is nested in (their output does not exist yet). */
  ancestors: readonly string[];
}

/** Lists every step of a flow, nested ones included, in the order they run. */
export function flattenSteps(steps: readonly StepDefinition[], base: DocumentPath = ['steps']): StepEntry[] {
  // A schema-valid step list read loosely yields exactly its own steps, in the same order.
  return listSteps(steps, base).entries as unknown as StepEntry[];
}

/** The steps of a flow read loosely, and whether every step (so every step id) could be read. */
export interface StepList {
  entries: StepEntry<LooseObject>[];
  /**
   * False when a step list is not a list, a step not an object, a step id not text, or a step's type
   * unknown (its nested steps are then unknown): a `steps.X` naming none of the entries may name one of those.
   */
  complete: boolean;
}

const STEP_TYPES = new Set(['call', 'map', 'condition', 'forEach', 'lookup', 'set', 'respond']);

/**
 * Lists every step of a flow like `flattenSteps`, reading it loosely (loose-value.ts): an item that is
 * not an object is left out and nested lists of the wrong type are empty, so a flow that failed the
 * schema is listed as far as it can be.
 */
export function listSteps(steps: unknown, base: DocumentPath = ['steps']): StepList {
  const entries: StepEntry<LooseObject>[] = [];
  let complete = true;
  const walk = (list: unknown, at: DocumentPath, ancestors: readonly string[]): void => {
    if (!Array.isArray(list)) complete = false;
    looseList(list).forEach((item, i) => {
      const step = looseObject(item);
      const id = looseText(step?.id);
      if (step === undefined || id === undefined || !STEP_TYPES.has(String(step.type))) complete = false;
      if (step === undefined) return;
      const path = [...at, i];
      entries.push({ step, id, path, order: entries.length, ancestors });
      const inner = id === undefined ? ancestors : [...ancestors, id];
      if (step.type === 'condition') {
        walk(step.then, [...path, 'then'], inner);
        if (step.else !== undefined) walk(step.else, [...path, 'else'], inner);
      } else if (step.type === 'forEach') {
        walk(step.steps, [...path, 'steps'], inner);
      }
    });
  };
  walk(steps, base, []);
  return { entries, complete };
}

/** Reports step ids used twice anywhere in a flow (nested steps included). */
export function checkDuplicateSteps(
  entries: readonly StepEntry<unknown>[],
  context: DiagnosticContext,
): Diagnostic[] {
  const first = new Map<string, StepEntry<unknown>>();
  const out: Diagnostic[] = [];
  for (const entry of entries) {
    if (entry.id === undefined) continue;
    const seen = first.get(entry.id);
    if (seen === undefined) {
      first.set(entry.id, entry);
      continue;
    }
    const message = `步骤 id "${entry.id}" 已在 ${formatPath(seen.path)} 使用，步骤 id 不能重复 / Step id "${entry.id}" is already used at ${formatPath(seen.path)}; step ids must be unique.`;
    out.push(diagnosticAt(context, 'ref.duplicate_step_id', [...entry.path, 'id'], message));
  }
  return out;
}

const STEP_REF = /(?<![\p{L}\p{N}_$.`])steps\.(?:`([^`]+)`|([\p{L}_][\p{L}\p{N}_]*))/gu;
const TRIGGER_REF = /(?<![\p{L}\p{N}_$.`])trigger\.(?:`([^`]+)`|([\p{L}_][\p{L}\p{N}_]*))/gu;

/** Names referenced as `<root>.<name>` in an expression (string literals ignored), with backtick names. */
export function referencedNames(expr: string, root: 'steps' | 'trigger'): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (s) => ' '.repeat(s.length));
  const pattern = root === 'steps' ? STEP_REF : TRIGGER_REF;
  return [...code.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? '');
}

/**
 * Checks that every `steps.X` in a flow names a step that ran before the expression's own step; a name
 * of no listed step is reported only when the list is `complete` (else it may name an unreadable step).
 */
export function checkStepReferences(
  { entries, complete }: { entries: readonly StepEntry<unknown>[]; complete: boolean },
  sites: readonly ExpressionSite[],
  context: DiagnosticContext,
): Diagnostic[] {
  const byId = new Map<string, StepEntry<unknown>>();
  for (const entry of entries) if (entry.id !== undefined && !byId.has(entry.id)) byId.set(entry.id, entry);
  const byPath = new Map(entries.map((e) => [formatPath(e.path), e]));
  const out: Diagnostic[] = [];
  for (const site of sites) {
    const owner = site.step === undefined ? undefined : byPath.get(formatPath(site.step));
    for (const name of new Set(referencedNames(site.expr, 'steps'))) {
      const target = byId.get(name);
      if (target === undefined) {
        if (!complete) continue;
        const known = [...byId.keys()].join(', ');
        out.push(
          diagnosticAt(
            context,
            'ref.unknown_step',
            site.path,
            `"steps.${name}" 不是任何步骤（步骤有：${known}） / "steps.${name}" names no step (steps: ${known}).`,
          ),
        );
      } else if (owner !== undefined && (target.order >= owner.order || owner.ancestors.includes(name))) {
        const encloses = owner.ancestors.includes(name);
        const why = encloses ? 'encloses this step and has not finished' : 'runs later';
        const zhWhy = encloses ? '包含本步骤且尚未结束' : '在本步骤之后才运行';
        const message = `"steps.${name}" ${zhWhy}，步骤只能使用之前已运行步骤的输出 / "steps.${name}" ${why}; a step can only use the output of steps that ran before it.`;
        out.push(diagnosticAt(context, 'ref.step_not_before', site.path, message));
      }
    }
  }
  return out;
}

/** Record properties a form trigger carries besides the form's own fields and detail tables. */
export const FORM_TRIGGER_META = ['id', 'formId', 'event', 'createdAt', 'updatedAt', 'createdBy'] as const;

/**
 * Checks that `trigger.X` in a form-triggered flow names a field, detail table or meta property of the
 * form (`flowId` is only named in the messages).
 */
export function checkFormFieldReferences(
  flowId: string,
  form: FormDefinition,
  sites: readonly ExpressionSite[],
  context: DiagnosticContext,
): Diagnostic[] {
  // A form has at least one field: none means its fields are unknown (it failed the schema).
  if (form.fields.length === 0) return [];
  const known = new Set<string>([
    ...form.fields.map((f) => f.id),
    ...form.details.map((d) => d.id),
    ...FORM_TRIGGER_META,
  ]);
  const out: Diagnostic[] = [];
  for (const site of sites) {
    for (const name of new Set(referencedNames(site.expr, 'trigger'))) {
      if (known.has(name)) continue;
      const fields = [...form.fields.map((f) => f.id), ...form.details.map((d) => d.id)].join(', ');
      const message = `表单 "${form.id}" 没有字段 "${name}"（字段有：${fields}），动作流 "${flowId}" 却读取 trigger.${name} / Form "${form.id}" has no field "${name}" (fields: ${fields}); flow "${flowId}" reads trigger.${name}.`;
      out.push(diagnosticAt(context, 'ref.unknown_form_field', site.path, message));
    }
  }
  return out;
}
