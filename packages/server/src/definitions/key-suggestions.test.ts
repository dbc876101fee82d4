import { describe, expect, it } from 'vitest';
import { documentSchema } from './document.ts';
import { closestKey, knownKeysAt } from './key-suggestions.ts';
import { validateDocument } from './validate-document.ts';

describe('key suggestions', () => {
  it('finds the keys allowed at a path, following kind and step type', () => {
    const value = { kind: 'flow', steps: [{ type: 'set' }, { type: 'call' }] };
    expect(knownKeysAt(documentSchema, value, ['steps', 0])).toEqual(
      expect.arrayContaining(['id', 'values']),
    );
    expect(knownKeysAt(documentSchema, value, ['steps', 1])).toContain('connection');
    expect(knownKeysAt(documentSchema, { kind: 'nope' }, [])).toBeUndefined();
  });

  it('picks the closest key within a small distance', () => {
    expect(closestKey('conection', ['connection', 'operation'])).toBe('connection');
    expect(closestKey('Trigger', ['trigger', 'steps'])).toBe('trigger');
    expect(closestKey('zzzz', ['trigger', 'steps'])).toBeUndefined();
  });

  it('names the meant key in unknown-key messages, nested steps included', () => {
    const text =
      'schemaVersion: 1\nkind: flow\nid: f\nname: n\ntrigger: { type: manual }\nsteps:\n' +
      '  - id: c\n    type: condition\n    if: x\n    then:\n      - { id: d, type: set, valuse: {} }\n';
    const found = validateDocument(text).diagnostics.find((d) => d.code === 'schema.unknown_key');
    expect(found).toMatchObject({ path: 'steps[0].then[0].valuse', line: 11 });
    expect(found?.message).toContain('did you mean "values"?');
  });
});
