import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distIsCurrent, fingerprint, STAMP_FILE, stampInputs } from '../../bin/dist-stamp.mjs';

/** bin/qiao.mjs runs dist/ only while the stamp matches the sources (bin/dist-stamp.mjs). */
describe('dist stamp', () => {
  let root: string;

  const write = (file: string, text: string) => writeFileSync(join(root, file), text);
  const stamp = (files: string[], node = process.versions.node) => {
    mkdirSync(join(root, 'dist'), { recursive: true });
    const entries = files.map((f) => [f, fingerprint(join(root, f))]);
    writeFileSync(
      join(root, 'dist', STAMP_FILE),
      JSON.stringify({ node, files: Object.fromEntries(entries) }),
    );
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'qiao-stamp-'));
    mkdirSync(join(root, 'src'));
    write('src/a.ts', 'export const a = 1;\n');
    write('src/b.ts', 'export const b = 2;\n');
    stamp(['src/a.ts', 'src/b.ts']);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is current when nothing changed', () => {
    expect(distIsCurrent(root)).toBe(true);
  });

  it('is stale when a source is edited, even to the same size', () => {
    write('src/a.ts', 'export const a = 7;\n');
    // The edit's own time (set apart from the stamp's: file times can be coarser than two quick writes).
    utimesSync(join(root, 'src/a.ts'), new Date(2030, 1, 1), new Date(2030, 1, 1));
    expect(distIsCurrent(root)).toBe(false);
  });

  it('stays current when only the modification time changed (a checkout, touch)', () => {
    utimesSync(join(root, 'src/b.ts'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(distIsCurrent(root)).toBe(true);
  });

  it('is stale when a source is deleted, without a stamp, or built by another Node major', () => {
    rmSync(join(root, 'src/b.ts'));
    expect(distIsCurrent(root)).toBe(false);
    write('src/b.ts', 'export const b = 2;\n');
    stamp(['src/a.ts', 'src/b.ts'], '1.0.0');
    expect(distIsCurrent(root)).toBe(false);
    rmSync(join(root, 'dist', STAMP_FILE));
    expect(distIsCurrent(root)).toBe(false);
  });

  it('stamps own sources, not node_modules or virtual inputs', () => {
    const inputs = stampInputs(root, ['src/a.ts', '../../node_modules/zod/index.js', '<runtime>']);
    expect(inputs).toContain('src/a.ts');
    expect(inputs.some((f) => f.includes('node_modules/zod'))).toBe(false);
    expect(inputs.some((f) => f.startsWith('<'))).toBe(false);
  });
});
