import { describe, expect, it } from 'vitest';
import { SIMULATORS } from '../../runtime/simulators.ts';
import { SIMULATOR_NAMES } from './simulate.ts';

describe('qiao simulate', () => {
  it('names every simulator it can start (the list is kept apart so the simulators load only when one starts)', () => {
    expect([...SIMULATOR_NAMES].sort()).toEqual(Object.keys(SIMULATORS).sort());
  });
});
