import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../definitions/flow-schema.ts';
import type { JsonValue } from '../json.ts';
import { initialCheckpoint } from './flow-cursor.ts';
import { runRedactor } from './step-redaction.ts';

function flow(steps: unknown[]): FlowDefinition {
  return {
    schemaVersion: 1,
    kind: 'flow',
    id: 'f',
    name: 'f',
    trigger: { type: 'manual' },
    steps,
  } as FlowDefinition;
}

describe('step redaction', () => {
  it('leaves records of a flow without calls as they are', async () => {
    const f = flow([{ id: 'a', type: 'set', values: { x: 1 } }]);
    expect(await runRedactor(async () => (v) => v, f, initialCheckpoint(f))).toBeUndefined();
  });

  it('masks connection secrets and tokens learned from earlier call outputs under any name', async () => {
    const f = flow([
      { id: 'getToken', type: 'call', connection: 'jdy', operation: 'token' },
      { id: 'copy', type: 'set', values: { t: '{{ steps.getToken.output.access_token }}' } },
    ]);
    const cp = initialCheckpoint(f);
    cp.steps.getToken = { output: { access_token: 'tok-7f3a9c1e', expires_in: 7200 } };
    const asked: string[] = [];
    const source = async (id: string) => {
      asked.push(id);
      return (value: JsonValue) => JSON.parse(JSON.stringify(value).replaceAll('app-secret-1', '***'));
    };
    const redact = await runRedactor(source, f, cp);
    expect(asked).toEqual(['jdy']);
    const record = {
      t: 'tok-7f3a9c1e',
      note: 'key app-secret-1',
      url: 'https://x/?access_token=tok-7f3a9c1e',
    };
    expect(redact?.(record)).toEqual({ t: '***', note: 'key ***', url: 'https://x/?access_token=***' });
    expect(redact?.({ password: 'anything', amount: 12 })).toEqual({ password: '***', amount: 12 });
  });
});
