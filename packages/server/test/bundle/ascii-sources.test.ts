// The bundle must stay ASCII (bin/build.mjs): V8 keeps a loaded chunk's source text in the heap, and one
// non-ASCII character makes the whole chunk a two-byte string. esbuild escapes strings, template
// literals and identifiers but not regex literals, so a source whose esbuild output is not ASCII holds
// such a regex. This compiles every source the bundle may take as the build does and shows where.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

const SERVER_ROOT = join(import.meta.dirname, '..', '..');

/** Every TypeScript source under `dir` that is not a test. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The text around the first non-ASCII character of esbuild's output for `file`, or undefined. */
function nonAsciiText(file: string): string | undefined {
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    loader: 'ts',
    charset: 'ascii',
    minifyWhitespace: true,
    target: 'node20.11',
  });
  const at = code.search(/[\u0080-\uffff]/);
  return at < 0 ? undefined : code.slice(Math.max(0, at - 50), at + 20);
}

describe('bundle sources', () => {
  it('compile to ASCII (regex literals with non-ASCII characters are built with new RegExp)', () => {
    const files = [...sources(join(SERVER_ROOT, 'src')), ...sources(join(SERVER_ROOT, 'bench'))];
    expect(files.length).toBeGreaterThan(100);
    const found = files
      .map((file) => ({ file: relative(SERVER_ROOT, file), text: nonAsciiText(file) }))
      .filter((hit) => hit.text !== undefined)
      .map((hit) => `${hit.file}: …${hit.text}…`);
    expect(found).toEqual([]);
  });

  it('finds a regex literal with a Chinese character', () => {
    const { code } = transformSync('// 注释\nexport const re = /重复/, text = "重复";', {
      loader: 'ts',
      charset: 'ascii',
      minifyWhitespace: true,
    });
    expect(code.match(/[\u0080-\uffff]+/g)).toEqual(['重复']);
  });
});
