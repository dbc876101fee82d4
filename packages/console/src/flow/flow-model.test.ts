import { describe, expect, it } from 'vitest';
import {
  type Flow,
  flattenSteps,
  formatStepPath,
  insertStep,
  moveStep,
  newStep,
  problemsOfStep,
  removeStep,
  replaceStep,
  type Step,
  stepAt,
} from './flow-model.ts';
import { fromText, toJson, toYaml } from './flow-yaml.ts';

const voucherFlow: Flow = {
  schemaVersion: 1,
  kind: 'flow',
  id: 'voucherToJdy',
  name: '凭证写入精斗云',
  trigger: { type: 'form', form: 'voucher', event: 'created' },
  steps: [
    { id: 'getToken', type: 'call', connection: 'jdyProd', operation: 'getToken' },
    {
      id: 'createVoucher',
      type: 'call',
      connection: 'jdyProd',
      operation: 'createVoucher',
      input: {
        access_token: '{{ steps.getToken.output.access_token }}',
        voucher: {
          entries: {
            $each: 'trigger.lines',
            $as: 'line',
            $map: { debit: '{{ $line.debit ? $number($line.debit) : 0 }}' },
          },
        },
      },
      retry: { maxAttempts: 3 },
    },
    {
      id: 'check',
      type: 'condition',
      if: 'steps.createVoucher.output.number',
      // biome-ignore lint/suspicious/noThenProperty: `then` is the format's branch key, never awaited
      then: [{ id: 'ok', type: 'set', values: { a: 1 } }],
      else: [],
    },
  ],
  concurrency: 4,
};

describe('flow model', () => {
  it('flattens nested steps in display order with their paths', () => {
    const flat = flattenSteps(voucherFlow.steps);
    expect(flat.map((f) => f.step.id)).toEqual(['getToken', 'createVoucher', 'check', 'ok']);
    expect(flat[3]?.path).toEqual([2, 'then', 0]);
    expect(flat[3]?.depth).toBe(1);
    expect(stepAt(voucherFlow.steps, [2, 'then', 0])?.id).toBe('ok');
  });
  it('inserts, moves and removes steps without touching other keys', () => {
    const added = insertStep(voucherFlow.steps, [2, 'else'], 0, newStep('set', ['set1']));
    expect(stepAt(added, [2, 'else', 0])?.id).toBe('set2');
    const moved = moveStep(added, [1], -1);
    expect(moved.steps.map((s) => s.id)).toEqual(['createVoucher', 'getToken', 'check']);
    expect(moved.path).toEqual([0]);
    expect(moved.steps[0]).toBe(voucherFlow.steps[1]);
    const removed = removeStep(moved.steps, [2, 'then', 0]);
    expect(removed[2]?.then).toEqual([]);
    expect(voucherFlow.steps[2]?.then).toHaveLength(1);
  });
  it('replaces a nested step', () => {
    const next = replaceStep(voucherFlow.steps, [2, 'then', 0], { id: 'ok', type: 'set', values: { b: 2 } });
    expect(stepAt(next, [2, 'then', 0])?.values).toEqual({ b: 2 });
  });
  it('gives new steps fresh ids and required fields', () => {
    const step = newStep('forEach', ['forEach1', 'set1']);
    expect(step.id).toBe('forEach2');
    expect((step.steps as Step[])[0]?.id).toBe('set2');
  });
  it('maps server diagnostics to the step and field they concern', () => {
    expect(formatStepPath([2, 'then', 0])).toBe('steps[2].then[0]');
    const diags = [
      { path: 'steps[1].input.access_token', message: 'bad' },
      { path: 'steps[2].then[0].values', message: 'nested' },
      { path: 'steps[2]', message: 'whole' },
    ];
    expect(problemsOfStep(diags, [1]).map((d) => d.field)).toEqual(['input.access_token']);
    expect(problemsOfStep(diags, [2]).map((d) => d.message)).toEqual(['whole']);
    expect(problemsOfStep(diags, [2, 'then', 0]).map((d) => d.field)).toEqual(['values']);
  });
});

describe('yaml round trip', () => {
  it('round-trips a flow through yaml without loss', () => {
    const parsed = fromText(toYaml(voucherFlow));
    expect(parsed.ok && parsed.value).toEqual(voucherFlow);
  });
  it('round-trips canvas edits through yaml and json', () => {
    const edited = { ...voucherFlow, steps: moveStep(voucherFlow.steps, [2], -2).steps };
    const viaYaml = fromText(toYaml(edited));
    const viaJson = fromText(toJson(edited));
    expect(viaYaml.ok && viaYaml.value).toEqual(edited);
    expect(viaJson.ok && viaJson.value).toEqual(edited);
  });
  it('keeps key order so the text view is stable', () => {
    expect(toYaml(fromText(toYaml(voucherFlow)).ok ? voucherFlow : null)).toBe(toYaml(voucherFlow));
  });
  it('reports a syntax problem with its line', () => {
    const parsed = fromText('id: a\nsteps: [\n  - x: 1\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.line).toBeGreaterThan(0);
  });
});
