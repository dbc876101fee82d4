import { describe, expect, it } from 'vitest';
import { messageIn } from '../errors/bilingual.ts';
import { formatPath } from './diagnostic.ts';
import { parseDocumentText } from './parse-document.ts';

const text = `kind: flow
steps:
  - id: a
    input:
      token: x
  - { id: b, type: set }
"odd key": 1
`;

describe('parseDocumentText', () => {
  it('parses the value and locates nested nodes', () => {
    const parsed = parseDocumentText(text);
    expect(parsed.value).toMatchObject({ kind: 'flow', steps: [{ id: 'a' }, { id: 'b' }] });
    expect(parsed.locate(['steps', 0, 'input', 'token'])).toEqual({ line: 5, column: 14 });
    expect(parsed.locate(['steps', 1, 'type'])).toEqual({ line: 6, column: 20 });
    expect(parsed.locate(['steps', 1, 'type'], { key: true })).toEqual({ line: 6, column: 14 });
  });

  it('falls back to the deepest existing node', () => {
    const parsed = parseDocumentText(text);
    expect(parsed.locate(['steps', 0, 'missing', 'deeper'])).toEqual({ line: 3, column: 5 });
    expect(parsed.locate(['steps', 9])?.line).toBe(3);
  });

  it('reports every syntax error with a position', () => {
    const parsed = parseDocumentText('a: [1\nb: {c: 1\n', { file: 'x.yaml' });
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    for (const d of parsed.diagnostics)
      expect(d).toMatchObject({ code: 'yaml.syntax', file: 'x.yaml', line: expect.any(Number) });
  });

  it("gives the parser's reason in both languages", () => {
    const parsed = parseDocumentText('kind: flow\nsteps:\n  - {id: a,\n type: set}\n');
    const [first] = parsed.diagnostics;
    const reason = 'Flow map in block collection must be sufficiently indented and end with a }';
    expect(first?.message).toBe(`YAML 语法错误（缩进不对）：${reason} / ${reason}`);
    expect(messageIn(first?.message ?? '', 'zh')).toBe(`YAML 语法错误（缩进不对）：${reason}`);
    expect(messageIn(first?.message ?? '', 'en')).toBe(reason);
    const duplicate = parseDocumentText('a: 1\na: 2\n').diagnostics[0];
    expect(duplicate).toMatchObject({
      code: 'yaml.duplicate_key',
      message: expect.stringMatching(/^YAML 键重复：\S/),
    });
  });

  it('refuses an alias inside its own anchor (an endless value)', () => {
    const parsed = parseDocumentText('kind: flow\nsteps: &x\n  - { id: a, values: { x: *x } }\n', {
      file: 'x.yaml',
    });
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml.syntax', path: 'steps[0].values.x', file: 'x.yaml', line: 3 }),
    ]);
    // Shared (not self-containing) aliases stay fine.
    expect(parseDocumentText('a: &y { b: 1 }\nc: *y\nd: *y\n').value).toEqual({
      a: { b: 1 },
      c: { b: 1 },
      d: { b: 1 },
    });
  });
});

describe('formatPath', () => {
  it('formats keys, indexes and unusual keys', () => {
    expect(formatPath(['steps', 1, 'input', 'access_token'])).toBe('steps[1].input.access_token');
    expect(formatPath(['mapping', '报销明细', 'a.b', '$each'])).toBe('mapping.报销明细["a.b"].$each');
    expect(formatPath([])).toBe('');
  });
});
