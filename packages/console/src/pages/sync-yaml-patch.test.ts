import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromText, toYaml } from '../flow/flow-yaml.ts';
import { getPath, type SyncDoc, setChoice, setPath } from './sync-form-model.ts';
import { changesBetween, patchYaml } from './sync-yaml-patch.ts';

const exampleText = readFileSync(
  join(import.meta.dirname, '../../../../examples/dingtalk-expense-to-k3cloud/sync.yaml'),
  'utf8',
);
const parsed = (text: string) => {
  const result = fromText(text);
  if (!result.ok) throw new Error(result.message);
  return result.value as SyncDoc;
};

const sync: SyncDoc = {
  schemaVersion: 1,
  kind: 'sync',
  id: 'demo',
  name: 'demo',
  futureKey: { kept: true },
  source: { connection: 'dingtalk', operation: 'listInstanceIds', key: '$', futureOption: 3 },
  target: { connection: 'k3cloud', operation: 'batchSave', batchSize: 50 },
};

describe('sync yaml patch', () => {
  it('lists the smallest changes between two definitions', () => {
    const next = setPath(setPath(sync, ['target', 'batchSize'], 20), ['source', 'futureOption'], undefined);
    expect(changesBetween(sync, next)).toEqual([
      { path: ['source', 'futureOption'], value: undefined },
      { path: ['target', 'batchSize'], value: 20 },
    ]);
    expect(changesBetween(sync, { ...sync })).toEqual([]);
  });

  it('round-trips form edits through yaml without losing unknown keys', () => {
    const text = toYaml(sync);
    const next = setPath(parsed(text), ['target', 'batchSize'], 10);
    const patched = patchYaml(text, next);
    expect(parsed(patched)).toEqual(next);
    expect(parsed(patched).futureKey).toEqual({ kept: true });
    expect(getPath(parsed(patched), ['source', 'futureOption'])).toBe(3);
    expect(patchYaml(patched, next)).toBe(patched);
  });

  it('round-trips target.onDuplicate through yaml: adopt is written, the default fail leaves no key', () => {
    const path = ['target', 'onDuplicate'];
    const adopt = setChoice(parsed(exampleText), path, 'adopt', 'fail');
    const withAdopt = patchYaml(exampleText, adopt);
    expect(parsed(withAdopt)).toEqual(adopt);
    expect(withAdopt).toMatch(/\n {2}onDuplicate: adopt\n/);
    // Every line of the seed stays; only the new key is added.
    expect(withAdopt.split('\n').filter((line) => !exampleText.split('\n').includes(line))).toEqual([
      '  onDuplicate: adopt',
    ]);
    const fail = setChoice(parsed(withAdopt), path, 'fail', 'fail');
    const withoutKey = patchYaml(withAdopt, fail);
    expect(withoutKey).not.toContain('onDuplicate');
    expect(parsed(withoutKey)).toEqual(parsed(exampleText));
    expect(withoutKey).toBe(exampleText);
  });

  it('changes a scalar of the seed sync in place, keeping comments and every other line', () => {
    const next = setPath(parsed(exampleText), ['target', 'batchSize'], 20);
    const patched = patchYaml(exampleText, next);
    expect(parsed(patched)).toEqual(next);
    const before = exampleText.split('\n');
    const after = patched.split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual(['  batchSize: 20']);
    const renamed = patchYaml(
      exampleText,
      setPath(parsed(exampleText), ['source', 'key'], 'process_instance_id'),
    );
    expect(renamed).toContain('  key: process_instance_id\n');
    const quoted = patchYaml(exampleText, setPath(parsed(exampleText), ['source', 'key'], '{{ id }}'));
    expect(quoted).toContain('  key: "{{ id }}"\n');
    expect(parsed(quoted)).toEqual(setPath(parsed(exampleText), ['source', 'key'], '{{ id }}'));
  });

  it('adds and removes keys of the seed sync through the yaml document, keeping its comments', () => {
    let next = setPath(parsed(exampleText), ['source', 'input', 'page'], 1);
    next = setPath(next, ['writeBack'], undefined);
    next = setPath(next, ['description'], '新的描述');
    const patched = patchYaml(exampleText, next);
    expect(parsed(patched)).toEqual(next);
    expect(patched).toContain('# 其他业务付款单');
    expect(patched).toContain('# 种子场景 001');
    expect(patched).not.toContain('writeBack');
    expect(patched).toContain(
      exampleText.slice(
        exampleText.indexOf('      FCOSTID: >-'),
        exampleText.indexOf('      FEXPENSEDEPTID_E'),
      ),
    );
    const kept = new Set(patched.split('\n'));
    const source = exampleText.split('\n');
    const own = (from: string, to: string) => source.slice(source.indexOf(from), source.indexOf(to));
    const expectedGone = new Set([
      ...own('description: >-', '# 每 5 分钟一次（北京时间）；回调负责“实时”，定时任务负责兜底。'),
      ...own('writeBack:', source.find((line) => line.startsWith('# 金额对账')) ?? ''),
    ]);
    expect(source.filter((line) => !kept.has(line) && !expectedGone.has(line))).toEqual([]);
  });

  it('puts folded text back as written when a key is added', () => {
    const next = setPath(parsed(exampleText), ['source', 'input', 'page'], 1);
    const patched = patchYaml(exampleText, next);
    expect(parsed(patched)).toEqual(next);
    const added = patched.split('\n').filter((line) => !exampleText.split('\n').includes(line));
    expect(added).toEqual(['    page: 1']);
  });

  it('rewrites text that does not parse from the object', () => {
    expect(parsed(patchYaml('a: [', sync))).toEqual(sync);
  });
});
