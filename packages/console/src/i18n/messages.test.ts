import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format } from './i18n.tsx';
import { MESSAGES } from './messages.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const root = join(import.meta.dirname, '..');
const code = sources(root)
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('i18n', () => {
  it('has every key used in the code in both languages', () => {
    const used = [
      ...code.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g),
      ...code.matchAll(/\?\s*'([a-z]+\.[a-zA-Z]+)'\s*:\s*'([a-z]+\.[a-zA-Z]+)'/g),
    ].flatMap((m) => m.slice(1).filter(Boolean));
    expect(used.length).toBeGreaterThan(100);
    const missing = [...new Set(used)].filter((k) => !(k in MESSAGES.zh) || !(k in MESSAGES.en));
    expect(missing).toEqual([]);
  });
  it('has non-empty, distinct-language texts with the same placeholders', () => {
    for (const key of Object.keys(MESSAGES.zh) as Array<keyof typeof MESSAGES.zh>) {
      const zh = MESSAGES.zh[key];
      const en = MESSAGES.en[key];
      expect(zh.length, key).toBeGreaterThan(0);
      expect(en.length, key).toBeGreaterThan(0);
      expect(zh.match(/\{\w+\}/g)?.sort(), key).toEqual(en.match(/\{\w+\}/g)?.sort());
    }
  });
  it('covers every status, step type and trigger the server knows', () => {
    const keys = Object.keys(MESSAGES.zh);
    for (const s of [
      'queued',
      'running',
      'retrying',
      'succeeded',
      'failed',
      'cancelled',
      'pending',
      'writing',
      'written',
      'skipped',
    ])
      expect(keys).toContain(`status.${s}`);
    for (const s of ['call', 'map', 'condition', 'forEach', 'lookup', 'set', 'respond'])
      expect(keys).toContain(`step.${s}`);
    for (const s of ['manual', 'schedule', 'webhook', 'form', 'callback'])
      expect(keys).toContain(`trigger.${s}`);
  });
  it('fills placeholders and defaults to chinese', () => {
    expect(format('zh', 'connectors.opCount', { n: 2 })).toBe('2 个接口');
    expect(format('en', 'connectors.opCount', { n: 2 })).toBe('2 interfaces');
  });
});
