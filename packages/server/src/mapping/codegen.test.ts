import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JsonObject, JsonValue } from '../json.ts';
import { generateMapping } from './codegen.ts';
import { quote } from './codegen-source.ts';
import { compileMapping } from './compile-mapping.ts';
import { compileValue } from './compile-value.ts';
import { HOSTILE_TEXTS } from './fixtures/random-mapping.ts';

/** Keys a mapping can hold literally (`$…` is a directive, written `$$…`; `__proto__` is tested apart). */
const KEYS = HOSTILE_TEXTS.filter((t) => t !== '__proto__');

function sourceOf(spec: JsonValue): string {
  return generateMapping(compileValue(spec, { fastPaths: true, limits: undefined })).source;
}

/** The generated source with every string literal removed: what is left is the generator's own code. */
function codeOutsideStrings(source: string): string {
  return source.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

/** A mapping using every hostile text as a key, a literal, template text, a path name and a helper argument. */
function hostileMapping(): { spec: JsonObject; record: JsonObject; expected: JsonObject } {
  const spec: JsonObject = {};
  const record: JsonObject = {};
  const expected: JsonObject = {};
  KEYS.forEach((text, i) => {
    const key = text.startsWith('$') ? `$${text}` : text;
    spec[key] = text;
    expected[text] = text;
    spec[`lit${i}`] = `${text}{{ n }}${text}`;
    expected[`lit${i}`] = `${text}7${text}`;
    // A JSONata backtick name cannot hold a backtick.
    if (!text.includes('`')) {
      record[`in${text}`] = `v${i}`;
      spec[`path${i}`] = `{{ \`in${text}\` }}`;
      expected[`path${i}`] = `v${i}`;
    }
    spec[`map${i}`] = `{{ $valueMap(k, {${quote(text)}: ${quote(text)}}, "none") }}`;
    expected[`map${i}`] = 'none';
  });
  record.n = 7;
  record.k = KEYS[7]!;
  expected.map7 = KEYS[7]!;
  return { spec, record, expected };
}

describe('mapping code generation', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('round-trips hostile field names, literals, path names and helper arguments as data', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const { spec, record, expected } = hostileMapping();
    for (const codegen of [true, false]) {
      const mapping = compileMapping(spec, { codegen });
      expect(mapping.codegen).toBe(codegen);
      const out = mapping(record) as JsonObject;
      expect(out).toStrictEqual(expected);
      expect(Object.keys(out)).toEqual(Object.keys(expected));
    }
    expect(exit).not.toHaveBeenCalled();
  });

  it('emits user text only inside quoted string literals', () => {
    const source = sourceOf(hostileMapping().spec);
    const code = codeOutsideStrings(source);
    for (const bad of ['process', '</script>', '*/', '/*', '\u2028', '\u2029', '${', '`', "'", '\\', 'in"']) {
      expect(code, bad).not.toContain(bad);
    }
    expect(source).not.toMatch(/[\u2028\u2029]/);
    expect(source).toContain(quote('"]);process.exit(1);//'));
  });

  it('quotes any text as a string literal that evaluates back to the text', () => {
    for (const text of [...HOSTILE_TEXTS, '\u0000\u001f', '😀', '\udfff\ud800']) {
      expect(new Function(`return ${quote(text)};`)()).toBe(text);
    }
  });

  it('treats __proto__, constructor and toString keys exactly as the interpreted builder does', () => {
    const spec = JSON.parse(
      '{"__proto__": "{{ a }}", "constructor": "{{ constructor }}", "toString": "{{ `toString` }}", "x": "{{ b }}"}',
    ) as JsonValue;
    for (const record of [{ a: 'p', b: 1 }, JSON.parse('{"a": {"q": 1}, "constructor": 2, "b": 3}')]) {
      const generated = compileMapping(spec, { codegen: true })(record);
      const interpreted = compileMapping(spec, { codegen: false })(record);
      expect(generated).toStrictEqual(interpreted);
      expect(Object.getPrototypeOf(generated)).toStrictEqual(Object.getPrototypeOf(interpreted));
      expect(JSON.stringify(generated)).toBe(JSON.stringify(interpreted));
    }
  });

  it('generates a synchronous function without JSONata parts and an async one with them', async () => {
    expect(sourceOf({ a: '{{ $decimal(x, 2) }}' })).toContain('return function mapping(');
    const engine = sourceOf({ a: "{{ $string(x) & '!' }}", b: '{{ x }}' });
    expect(engine).toContain('return async function mapping(');
    expect(engine).toMatch(/await x_0\(root, flatScope\(scope\)\)/);
    const mapping = compileMapping({ a: "{{ $string(x) & '!' }}", b: '{{ x }}' }, { codegen: true });
    const out = mapping({ x: 'hi' });
    expect(out).toBeInstanceOf(Promise);
    expect(await out).toEqual({ a: 'hi!', b: 'hi' });
  });

  it('is switched off by QIAO_MAPPING_CODEGEN=0 and by the codegen option', () => {
    vi.stubEnv('QIAO_MAPPING_CODEGEN', '0');
    expect(compileMapping({ a: '{{ x }}' }).codegen).toBe(false);
    expect(compileMapping({ a: '{{ x }}' }, { codegen: true }).codegen).toBe(true);
    vi.stubEnv('QIAO_MAPPING_CODEGEN', '1');
    expect(compileMapping({ a: '{{ x }}' }).codegen).toBe(true);
    expect(compileMapping({ a: '{{ x }}' }, { codegen: false }).codegen).toBe(false);
  });

  it('reports a failure with the interpreted field path, source value and expression', () => {
    const spec = { head: { lines: { $each: 'rows', $map: { amount: '{{ $decimal(v, 2) }}' } } } };
    const record = { rows: [{ v: '1' }, { v: '2' }, { v: 'x1' }] };
    const failure = (codegen: boolean) => {
      try {
        void compileMapping(spec, { codegen, flowId: 'f' })(record);
      } catch (error) {
        return error;
      }
      throw new Error('expected a failure');
    };
    const generated = failure(true) as { code: string; details: unknown };
    expect(generated.code).toBe('MAPPING_FAILED');
    expect(generated.details).toMatchObject({ field: 'head.lines[2].amount', sourceValue: 'x1' });
    expect(generated).toStrictEqual(failure(false));
  });

  it('keeps new Function in the generator alone', () => {
    const folder = fileURLToPath(new URL('.', import.meta.url));
    const users = readdirSync(folder)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .filter((name) => readFileSync(`${folder}${name}`, 'utf8').includes('new Function'));
    expect(users).toEqual(['codegen.ts']);
  });
});
