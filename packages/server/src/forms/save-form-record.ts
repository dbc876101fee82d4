import { randomUUID } from 'node:crypto';
import type { FlowDefinition } from '../definitions/flow-schema.ts';
import type { FormDefinition } from '../definitions/form-schema.ts';
import { QiaoError } from '../errors/index.ts';
import { isJsonObject, type JsonValue } from '../json.ts';
import type { FormRecord, RunRecord, Store } from '../store/port.ts';
import type { FormTriggers } from '../triggers/form-events.ts';
import { checkedRecordData } from './form-run-input.ts';

/** What saving a form record needs: the store, the form triggers, and optional clock and id source. */
export interface FormRecordDeps {
  store: Store;
  triggers: FormTriggers;
  now?: () => number;
  newId?: () => string;
}

/** A save: a new record (no `recordId`) or an update of one. */
export interface SaveFormRecordInput {
  formId: string;
  data: unknown;
  recordId?: string;
  createdBy?: string | null;
}

/** The saved record and the runs its form triggers enqueued. */
export interface SaveFormRecordResult {
  record: FormRecord;
  runIds: string[];
}

/** Loads the current definition of a form, or throws NOT_FOUND. */
export async function loadForm(
  store: Store,
  formId: string,
): Promise<{ form: FormDefinition; version: number }> {
  const doc = await store.documents.get('form', formId);
  if (!doc) throw new QiaoError('NOT_FOUND', `表单 ${formId} 不存在 / form "${formId}" not found`);
  return { form: doc.definition as unknown as FormDefinition, version: doc.version };
}

/**
 * Validates the data against the form's current version (defaults filled in), stores the record
 * (created or updated) and then fires the form triggers; invalid data throws INPUT_INVALID with every problem.
 */
export async function saveFormRecord(
  deps: FormRecordDeps,
  input: SaveFormRecordInput,
): Promise<SaveFormRecordResult> {
  const now = (deps.now ?? Date.now)();
  const { form, version } = await loadForm(deps.store, input.formId);
  const existing =
    input.recordId === undefined ? undefined : await deps.store.formRecords.get(input.recordId);
  if (input.recordId !== undefined && existing?.formId !== input.formId) {
    throw new QiaoError(
      'NOT_FOUND',
      `表单 ${input.formId} 中没有记录 ${input.recordId} / record "${input.recordId}" of form "${input.formId}" not found`,
    );
  }
  const valid = checkedRecordData(form, input.data);
  let record: FormRecord;
  if (existing) {
    const updated = await deps.store.formRecords.update(existing.id, valid, now);
    if (!updated)
      throw new QiaoError('NOT_FOUND', `表单记录 ${existing.id} 不存在 / record "${existing.id}" not found`);
    record = updated;
  } else {
    record = {
      id: (deps.newId ?? randomUUID)(),
      formId: input.formId,
      formVersion: version,
      data: valid,
      createdAt: now,
      updatedAt: now,
      createdBy: input.createdBy ?? null,
    };
    await deps.store.formRecords.create(record);
  }
  const runIds = await deps.triggers.onFormRecord(input.formId, existing ? 'updated' : 'created', record);
  return { record, runIds };
}

/** The recent runs a form record fired: runs of flows triggered by the form whose trigger names the record. */
export async function findRecordRuns(
  store: Store,
  formId: string,
  recordId: string,
  scan = 200,
): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  for (const head of await store.documents.list('flow')) {
    const doc = await store.documents.get('flow', head.id);
    const trigger = (doc?.definition as unknown as FlowDefinition | undefined)?.trigger;
    if (trigger?.type !== 'form' || trigger.form !== formId) continue;
    for (const run of await store.runs.list({ flowId: head.id, flowKind: 'flow', limit: scan })) {
      if (firedBy(run.trigger) === recordId) out.push(run);
    }
  }
  return out.sort((a, b) => b.createdAt - a.createdAt);
}

/** The record id in a form trigger payload (flat: the record's fields plus `id, formId, event…`). */
function firedBy(trigger: JsonValue): JsonValue | undefined {
  if (!isJsonObject(trigger)) return undefined;
  return trigger.formId === undefined ? undefined : trigger.id;
}
