import { describe, expect, it } from 'vitest';
import {
  choiceAt,
  getPath,
  ON_DUPLICATE,
  objectOf,
  problemsAt,
  problemsByKey,
  rowsOf,
  type SyncDoc,
  setChoice,
  setPath,
  valueOfText,
  withText,
} from './sync-form-model.ts';

const sync: SyncDoc = {
  schemaVersion: 1,
  kind: 'sync',
  id: 'demo',
  name: 'demo',
  futureKey: { kept: true },
  source: {
    connection: 'dingtalk',
    operation: 'listInstanceIds',
    key: '$',
    futureOption: 3,
    input: { size: 20 },
  },
  mapping: { FBillNo: '{{ businessId }}' },
  target: { connection: 'k3cloud', operation: 'batchSave', batchSize: 50 },
};

describe('sync form model', () => {
  it('reads a field path, undefined when absent', () => {
    expect(getPath(sync, ['target', 'batchSize'])).toBe(50);
    expect(getPath(sync, ['writeBack', 'on'])).toBeUndefined();
    expect(getPath(sync, ['name', 'x'])).toBeUndefined();
  });

  it('copies only the path of a nested field it sets', () => {
    const next = setPath(sync, ['target', 'batchSize'], 20);
    expect(next.target).toEqual({ connection: 'k3cloud', operation: 'batchSave', batchSize: 20 });
    expect(next.target).not.toBe(sync.target);
    expect(next.source).toBe(sync.source);
    expect(next.mapping).toBe(sync.mapping);
    expect(next.futureKey).toBe(sync.futureKey);
    expect(getPath(sync, ['target', 'batchSize'])).toBe(50);
    expect(Object.keys(next)).toEqual(Object.keys(sync));
  });

  it('creates missing objects on the way and removes a key set to undefined', () => {
    const withBack = setPath(sync, ['writeBack', 'on'], 'both');
    expect(withBack.writeBack).toEqual({ on: 'both' });
    const without = setPath(withBack, ['writeBack'], undefined);
    expect('writeBack' in without).toBe(false);
    const noKey = setPath(sync, ['source', 'key'], undefined);
    expect(noKey.source).toEqual({
      connection: 'dingtalk',
      operation: 'listInstanceIds',
      futureOption: 3,
      input: { size: 20 },
    });
  });

  it('writes a choice other than its default and removes the key for the default', () => {
    const path = ['target', 'onDuplicate'];
    const adopt = setChoice(sync, path, 'adopt', 'fail');
    expect(adopt.target).toEqual({
      connection: 'k3cloud',
      operation: 'batchSave',
      batchSize: 50,
      onDuplicate: 'adopt',
    });
    expect(adopt.source).toBe(sync.source);
    const back = setChoice(adopt, path, 'fail', 'fail');
    expect(back.target).toEqual(sync.target);
    expect('onDuplicate' in (back.target as object)).toBe(false);
    expect(setChoice(adopt, path, undefined, 'fail').target).toEqual(sync.target);
  });

  it('reads a choice, the default when absent or not one of the choices', () => {
    const path = ['target', 'onDuplicate'];
    expect(choiceAt(sync, path, ON_DUPLICATE, 'fail')).toBe('fail');
    expect(choiceAt(setPath(sync, path, 'adopt'), path, ON_DUPLICATE, 'fail')).toBe('adopt');
    expect(choiceAt(setPath(sync, path, 'merge'), path, ON_DUPLICATE, 'fail')).toBe('fail');
  });

  it('turns key/value rows into an object and back without changing untouched values', () => {
    const input = { size: 20, code: '20', flag: true, nested: { a: [1, 2] }, text: '{{ item }}' };
    const rows = rowsOf(input);
    expect(rows.map((r) => [r.key, r.text])).toEqual([
      ['size', '20'],
      ['code', '20'],
      ['flag', 'true'],
      ['nested', '{"a":[1,2]}'],
      ['text', '{{ item }}'],
    ]);
    expect(objectOf(rows)).toEqual(input);
    const edited = rows.map((r) => (r.key === 'code' ? withText(r, '21') : r));
    expect(objectOf(edited).code).toBe(21);
    expect(
      objectOf([...rows, { key: '', text: 'x', value: 'x' }, { key: 'size', text: '1', value: 1 }]),
    ).toEqual(input);
    expect(rowsOf(undefined)).toEqual([]);
  });

  it('reads typed values from text like the mapping editor', () => {
    expect(valueOfText('50')).toBe(50);
    expect(valueOfText('007')).toBe('007');
    expect(valueOfText('false')).toBe(false);
    expect(valueOfText('{"a":1}')).toEqual({ a: 1 });
    expect(valueOfText('{{ item }}')).toBe('{{ item }}');
  });

  it('finds the diagnostics of a field and of its rows', () => {
    const diags = [
      { path: 'target.batchSize', message: 'too small' },
      { path: 'target.operation', message: 'unknown' },
      { path: 'source.input.size', message: 'bad size' },
      { path: 'source.input["a.b"]', message: 'bad key' },
      { path: 'source.inputs', message: 'other' },
      { path: '', message: 'whole' },
    ];
    expect(problemsAt(diags, ['target', 'batchSize'])).toEqual(['too small']);
    expect(problemsAt(diags, ['target'])).toEqual(['too small', 'unknown']);
    expect(problemsByKey(diags, ['source', 'input'])).toEqual({ size: ['bad size'], 'a.b': ['bad key'] });
  });
});
