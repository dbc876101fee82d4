import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../definitions/flow-schema.ts';
import {
  completeStep,
  currentStep,
  enterBranch,
  enterLoop,
  type FlowCheckpoint,
  initialCheckpoint,
  scopeAt,
} from './flow-cursor.ts';

const flow = {
  schemaVersion: 1,
  kind: 'flow',
  id: 'f',
  name: 'f',
  enabled: true,
  concurrency: 1,
  trigger: { type: 'manual' },
  steps: [
    { id: 'a', type: 'set', values: {} },
    {
      id: 'lines',
      type: 'forEach',
      items: 'trigger.rows',
      as: 'row',
      steps: [
        {
          id: 'check',
          type: 'condition',
          if: 'row.ok',
          // biome-ignore lint/suspicious/noThenProperty: `then` is the condition step's branch key, never awaited
          then: [{ id: 'save', type: 'map', mapping: 1 }],
        },
        { id: 'after', type: 'map', mapping: 2 },
      ],
    },
    { id: 'z', type: 'map', mapping: 3 },
  ],
} as FlowDefinition;

describe('flow cursor', () => {
  it('walks steps, branches and loop iterations with paths and outputs', () => {
    let cp: FlowCheckpoint = initialCheckpoint(flow);
    const paths: string[] = [];
    const visit = () => paths.push(currentStep(flow, cp)!.path);
    visit();
    cp = completeStep(flow, cp, 'A');
    visit();
    cp = enterLoop(flow, cp, [{ ok: true }, { ok: false }]);
    visit();
    expect(scopeAt(flow, cp, {})).toMatchObject({ item: { ok: true }, index: 0, row: { ok: true } });
    cp = enterBranch(flow, cp, { result: true }, 'then');
    visit();
    cp = completeStep(flow, cp, 'saved-0');
    visit();
    expect(scopeAt(flow, cp, {}).steps).toMatchObject({ save: { output: 'saved-0' }, a: { output: 'A' } });
    cp = completeStep(flow, cp, 'after-0');
    visit();
    cp = enterBranch(flow, cp, { result: false }, 'else');
    visit();
    expect(scopeAt(flow, cp, {}).steps).not.toHaveProperty('save');
    cp = completeStep(flow, cp, 'after-1');
    visit();
    cp = completeStep(flow, cp, 'Z');
    expect(currentStep(flow, cp)).toBeNull();
    expect(paths).toEqual([
      'a',
      'lines',
      'lines[0].check',
      'lines[0].save',
      'lines[0].after',
      'lines[1].check',
      'lines[1].after',
      'z',
    ]);
    expect(cp.steps.lines?.output).toEqual(['after-0', 'after-1']);
    expect(cp.last).toBe('Z');
  });

  it('moves past an empty loop with an empty output', () => {
    let cp = completeStep(flow, initialCheckpoint(flow), 'A');
    cp = enterLoop(flow, cp, []);
    expect(currentStep(flow, cp)?.path).toBe('z');
    expect(cp.steps.lines?.output).toEqual([]);
  });

  it('survives a json round trip mid-loop', () => {
    let cp = completeStep(flow, initialCheckpoint(flow), 'A');
    cp = enterLoop(flow, cp, [{ ok: false }]);
    const restored = JSON.parse(JSON.stringify(cp)) as FlowCheckpoint;
    expect(currentStep(flow, restored)?.path).toBe('lines[0].check');
  });
});
