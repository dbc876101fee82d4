import type { FlowDefinition } from '../definitions/flow-schema.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { formTriggerPayload } from './form-events.ts';

/**
 * The trigger of a run started by hand (`POST /flows/{id}/run {input}`, the console's 立即运行), shaped
 * like the flow's own trigger so the flow reads it where it always does:
 * - a form-triggered flow gets the input as a record of its form (`trigger.<field>`, `trigger.lines`,
 *   the meta properties; `id` from the input or `manual`, created now by the caller);
 * - a webhook flow gets the input as the request body (`trigger.body`);
 * - any other flow (and a sync) gets `{type: 'manual', input, by}` (`trigger.input.<key>`).
 */
export function manualRunTrigger(
  trigger: FlowDefinition['trigger'] | undefined,
  input: JsonValue,
  by: string,
  now: number,
): JsonObject {
  if (trigger?.type === 'form' && isJsonObject(input)) {
    const record = {
      id: typeof input.id === 'string' ? input.id : 'manual',
      formId: trigger.form,
      formVersion: 0,
      data: input,
      createdAt: now,
      updatedAt: now,
      createdBy: by,
    };
    return formTriggerPayload(trigger.form, trigger.event === 'updated' ? 'updated' : 'created', record);
  }
  if (trigger?.type === 'webhook') return { type: 'webhook', body: input, query: {}, headers: {}, by };
  return { type: 'manual', input, by };
}
