import type { FORM_TRIGGER_META } from '../definitions/check-steps.ts';
import type { FlowDefinition } from '../definitions/flow-schema.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import type { Engine } from '../runs/index.ts';
import type { FormRecord, Store } from '../store/port.ts';

/** A form event: a record was created or updated (both are "saved"). */
export type FormEvent = 'created' | 'updated';

/** Form triggers: saving a form record enqueues the flows listening to that form. */
export interface FormTriggers {
  /** Enqueues a run of every enabled flow with a matching form trigger; returns the run ids. */
  onFormRecord(formId: string, event: FormEvent, record: FormRecord): Promise<string[]>;
}

/** Creates the form triggers over the store's flows (a trigger `event: saved` matches both events). */
export function createFormTriggers(options: { store: Store; engine: Pick<Engine, 'enqueue'> }): FormTriggers {
  return {
    async onFormRecord(formId, event, record) {
      const runIds: string[] = [];
      for (const head of await options.store.documents.list('flow')) {
        if (!head.enabled) continue;
        const doc = await options.store.documents.get('flow', head.id, head.currentVersion);
        const flow = doc?.definition as unknown as FlowDefinition | undefined;
        const trigger = flow?.trigger;
        if (!flow || flow.enabled === false || trigger?.type !== 'form' || trigger.form !== formId) continue;
        const wanted = trigger.event ?? 'created';
        if (wanted !== 'saved' && wanted !== event) continue;
        const payload = formTriggerPayload(formId, event, record);
        runIds.push(
          await options.engine.enqueue({ kind: 'flow', id: head.id, version: head.currentVersion }, payload),
        );
      }
      return runIds;
    },
  };
}

/**
 * The trigger of a form-fired run, the one shape the definition checker promises: the record's
 * fields and detail tables at the top (`trigger.date`, `trigger.lines`) plus the meta properties
 * `FORM_TRIGGER_META` (`id, formId, event, createdAt, updatedAt, createdBy`), which win over a
 * field of the same name.
 */
export function formTriggerPayload(formId: string, event: FormEvent, record: FormRecord): JsonObject {
  return {
    ...record.data,
    id: record.id,
    formId,
    event,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
  } satisfies Record<(typeof FORM_TRIGGER_META)[number], JsonValue> as JsonObject;
}
