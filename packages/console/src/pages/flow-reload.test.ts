import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow/flow-model.ts';
import { hasUnsavedEdits, takesLoaded } from './flow-reload.ts';

const flow: Flow = { id: 'f', name: 'F', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'set' }] };

describe('flow editor reload', () => {
  it('takes the loaded document once the rollback version (or a later one) is loaded', () => {
    expect(takesLoaded(4, 3)).toBe(false);
    expect(takesLoaded(4, 4)).toBe(true);
    expect(takesLoaded(4, 5)).toBe(true);
  });

  it('keeps the editor flow on reloads that are not a rollback', () => {
    expect(takesLoaded(undefined, 5)).toBe(false);
    expect(takesLoaded(4, null)).toBe(false);
  });

  it('tells unsaved edits from a flow equal to the one loaded or saved', () => {
    expect(hasUnsavedEdits(flow, flow)).toBe(false);
    expect(hasUnsavedEdits(structuredClone(flow), flow)).toBe(false);
    expect(hasUnsavedEdits({ ...flow, name: 'G' }, flow)).toBe(true);
  });
});
