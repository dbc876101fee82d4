import type { FlowDefinition } from '../definitions/flow-schema.ts';
import type { JsonValue } from '../json.ts';
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
        // The record's fields and meta sit at the top (`trigger.date`, `trigger.lines`, `trigger.id`: what
        // the definition checker accepts, FORM_TRIGGER_META); `record` keeps the stored record as well.
        const payload: JsonValue = {
          ...record.data,
          id: record.id,
          formId,
          createdAt: record.createdAt,
          updatedAt: record.updatedAt,
          createdBy: record.createdBy,
          type: 'form',
          form: formId,
          event,
          record: record as unknown as JsonValue,
        };
        runIds.push(
          await options.engine.enqueue({ kind: 'flow', id: head.id, version: head.currentVersion }, payload),
        );
      }
      return runIds;
    },
  };
}
