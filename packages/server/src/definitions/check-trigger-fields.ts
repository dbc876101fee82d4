import { referencedNames } from './check-steps.ts';
import { type Diagnostic, type DiagnosticContext, diagnosticAt } from './diagnostic.ts';
import type { ExpressionSite } from './expression-sites.ts';
import { closestKey } from './key-suggestions.ts';

/**
 * What `trigger` holds in a run, by trigger type (docs/definitions.md, "Triggers"), plus what a run
 * started by hand adds (src/triggers/manual-run.ts: a webhook flow gets `by`, the others `{type: 'manual',
 * input, by}` — the console, the API and `qiao run --input` alike). Form flows are checked against their
 * form (`ref.unknown_form_field`); manual flows not at all: a program may enqueue one with any trigger.
 */
export const TRIGGER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  webhook: ['type', 'body', 'query', 'headers', 'by'],
  schedule: ['type', 'slot', 'scheduledAt', 'firedAt', 'input', 'by'],
  callback: ['type', 'connection', 'event', 'items', 'raw', 'input', 'by'],
  runFailed: ['type', 'failure', 'run', 'input', 'by'],
};

/**
 * Warns about `trigger.X` that the flow's trigger never carries — e.g. `trigger.amount` in a webhook
 * flow, whose data is under `trigger.body` — which would be silently empty at run time.
 */
export function checkTriggerFields(
  triggerType: string,
  sites: readonly ExpressionSite[],
  context: DiagnosticContext,
): Diagnostic[] {
  const known = TRIGGER_FIELDS[triggerType];
  if (known === undefined) return [];
  const listed = known.filter((k) => k !== 'input' && k !== 'by').join(', ');
  const out: Diagnostic[] = [];
  for (const site of sites) {
    for (const name of new Set(referencedNames(site.expr, 'trigger'))) {
      if (known.includes(name)) continue;
      const near = closestKey(name, known);
      let hint: [string, string];
      if (triggerType === 'webhook')
        hint = [
          `请求体的字段在 trigger.body 下，是不是 trigger.body.${name}？`,
          `the request body's fields are under trigger.body: did you mean trigger.body.${name}?`,
        ];
      else if (near !== undefined) hint = [`是不是 trigger.${near}？`, `did you mean trigger.${near}?`];
      else hint = ['', ''];
      const message =
        `${triggerType} 触发的运行里 trigger 只有 ${listed}，"trigger.${name}" 总是为空${hint[0] ? `；${hint[0]}` : ''} / ` +
        `The trigger of a ${triggerType} run holds only ${listed}: "trigger.${name}" is always empty${hint[1] ? `; ${hint[1]}` : '.'}`;
      out.push(
        diagnosticAt(context, 'ref.unknown_trigger_field', site.path, message, { severity: 'warning' }),
      );
    }
  }
  return out;
}
