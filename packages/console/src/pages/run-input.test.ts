import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow/flow-model.ts';
import type { FormDef } from './flow-context.ts';
import { inputKeysOf, parseRunInput, runInputStart } from './run-input.ts';

const voucher: FormDef = {
  id: 'voucher',
  name: '凭证录入',
  fields: [
    { id: 'date', label: '凭证日期', type: 'date' },
    { id: 'word', label: '凭证字', type: 'select', options: [{ value: '记', label: '记' }] },
    { id: 'urgent', label: '加急', type: 'boolean' },
  ],
  details: [{ id: 'lines', label: '分录', fields: [{ id: 'debit', label: '借方', type: 'decimal' }] }],
};

const flow = (trigger: Flow['trigger'], steps: Flow['steps'] = []): Flow => ({
  id: 'f',
  name: 'F',
  trigger,
  steps,
});

describe('run-now input', () => {
  it('starts a manual flow that reads no input with {}', () => {
    const start = runInputStart(flow({ type: 'manual' }), []);
    expect(start).toEqual({ text: '{}', trigger: 'manual' });
  });

  it('lists the trigger.input keys a flow reads, nested steps included', () => {
    const steps = [
      { id: 'a', type: 'set', values: { twice: '{{ trigger.input.n * 2 }}' } },
      {
        id: 'b',
        type: 'condition',
        if: 'trigger.input.mode = "x"',
        // biome-ignore lint/suspicious/noThenProperty: `then` is the format's branch key, never awaited
        then: [{ id: 'c', type: 'set', values: { n: '{{ trigger.input.n }}' } }],
      },
    ];
    expect(inputKeysOf(flow({ type: 'manual' }, steps))).toEqual(['n', 'mode']);
    expect(JSON.parse(runInputStart(flow({ type: 'manual' }, steps), []).text)).toEqual({
      n: null,
      mode: null,
    });
  });

  it('lists the trigger.body keys of a webhook flow, where a hand-started run puts its input', () => {
    const hook = flow({ type: 'webhook' }, [
      { id: 'a', type: 'set', values: { n: '{{ trigger.body.amount }}', m: '{{ trigger.input.ignored }}' } },
    ] as Flow['steps']);
    expect(inputKeysOf(hook)).toEqual(['amount']);
  });

  it('starts a form-triggered flow with a blank record of its form', () => {
    const start = runInputStart(flow({ type: 'form', form: 'voucher' }), [voucher]);
    expect(start.form).toEqual({ id: 'voucher', name: '凭证录入' });
    expect(JSON.parse(start.text)).toEqual({ date: '', word: '记', urgent: false, lines: [{ debit: 0 }] });
    expect(runInputStart(flow({ type: 'form', form: 'gone' }), [voucher])).toEqual({
      text: '{}',
      trigger: 'form',
      form: { id: 'gone', name: 'gone' },
    });
  });

  it('parses the input as JSON, empty text meaning {}', () => {
    expect(parseRunInput('  ')).toEqual({ ok: true, value: {} });
    expect(parseRunInput('{"n": 21}')).toEqual({ ok: true, value: { n: 21 } });
    expect(parseRunInput('[1]')).toEqual({ ok: true, value: [1] });
  });

  it('refuses text that is not JSON, naming the line when the parser tells the position', () => {
    const bad = parseRunInput('{\n  "n": 1,\n  m: 2\n}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.line).toBe(3);
    expect(parseRunInput('{n: 1}').ok).toBe(false);
  });
});
