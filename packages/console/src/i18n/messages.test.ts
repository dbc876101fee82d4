import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, stepTypeLabel } from './i18n.tsx';
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
    for (const s of [
      'manual',
      'schedule',
      'webhook',
      'form',
      'callback',
      'backfill',
      'runFailed',
      'retryFailed',
    ])
      expect(keys).toContain(`trigger.${s}`);
  });
  it('fills placeholders and defaults to chinese', () => {
    expect(format('zh', 'connectors.opCount', { n: 2 })).toBe('2 个接口');
    expect(format('en', 'connectors.opCount', { n: 2 })).toBe('2 interfaces');
  });
  it('picks the english singular for one and the plural otherwise', () => {
    expect(format('en', 'connectors.opCount', { n: 1 })).toBe('1 interface');
    expect(format('en', 'connectors.opCount', { n: 0 })).toBe('0 interfaces');
    expect(format('en', 'forms.rows', { n: 1 })).toBe('1 row');
    expect(format('en', 'syncs.backfillLastDays', { n: 30 })).toBe('Last 30 days');
    expect(format('zh', 'connectors.opCount', { n: 1 })).toBe('1 个接口');
  });
  it('has no english count followed by a bare plural noun', () => {
    // "{n} interfaces" reads "1 interfaces": a count before a noun goes through {n|one|other}.
    const bare = Object.entries(MESSAGES.en).filter(([, en]) => /\{n\} [a-z]+s\b/.test(en));
    expect(bare).toEqual([]);
  });

  it('names a step type, or says it is unknown instead of showing a raw key', () => {
    const t = (key: Parameters<typeof format>[1], vars?: Record<string, string | number>) =>
      format('zh', key, vars);
    expect(stepTypeLabel(t, 'call')).toBe('调用接口');
    expect(stepTypeLabel(t, 'sett')).toBe('未知类型“sett”');
  });
});
