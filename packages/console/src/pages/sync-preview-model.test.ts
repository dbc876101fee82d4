import { describe, expect, it } from 'vitest';
import type { SyncPreview, SyncPreviewExchange, SyncPreviewRecord } from '../api/types.ts';
import {
  errorField,
  exchangeTone,
  lookupTables,
  mappingSample,
  previewCounts,
  previewLimit,
  previewPath,
  sampleRecord,
} from './sync-preview-model.ts';

const record = (key: string, over: Partial<SyncPreviewRecord> = {}): SyncPreviewRecord => ({
  key,
  status: 'new',
  sourceTime: null,
  passes: true,
  source: { id: key },
  ...over,
});

const preview = (records: SyncPreviewRecord[]): SyncPreview => ({
  syncId: 's',
  from: 'source',
  window: null,
  pages: 1,
  listed: records.length,
  keyless: 0,
  more: false,
  records,
  exchanges: [],
  error: null,
});

const exchange = (status?: number, error = false): SyncPreviewExchange => ({
  request: { method: 'GET', url: 'http://x', headers: {} },
  ...(status === undefined ? {} : { response: { status, headers: {} } }),
  ...(error ? { error: { code: 'E', message: 'e' } } : {}),
  startedAt: 0,
  durationMs: 1,
});

describe('sync preview model', () => {
  it('keeps the limit within 1–20 and builds the path', () => {
    expect(previewLimit(undefined)).toBe(5);
    expect(previewLimit(0)).toBe(1);
    expect(previewLimit(50)).toBe(20);
    expect(previewLimit(7.4)).toBe(7);
    expect(previewPath('a b', 3)).toBe('/syncs/a%20b/preview?limit=3');
    expect(previewPath('s', 99, 'failed')).toBe('/syncs/s/preview?limit=20&failed=1');
  });

  it('samples the first record passing the filter, else the first one', () => {
    expect(sampleRecord(undefined)).toBeUndefined();
    expect(sampleRecord(preview([]))).toBeUndefined();
    const a = record('a', { passes: false });
    const b = record('b');
    expect(sampleRecord(preview([a, b]))?.key).toBe('b');
    expect(sampleRecord(preview([a, record('c', { passes: false })]))?.key).toBe('a');
  });

  it('turns the sample into source fields, scope and bindings', () => {
    const source = { businessId: '2024', form: { '报销总金额(元)': '12.50', 明细: [{ 金额: 1 }] } };
    const sample = mappingSample(preview([record('k1', { source })]), { orgs: { a: '100' } });
    expect(sample?.key).toBe('k1');
    expect(sample?.scope).toBe(source);
    expect(sample?.bindings).toEqual({ tables: { orgs: { a: '100' } }, key: 'k1' });
    const paths = sample?.sources.map((n) => n.path);
    expect(paths).toEqual(['businessId', 'form']);
    expect(sample?.sources[1]?.children.map((n) => n.path)).toEqual(['form.`报销总金额(元)`', 'form.明细']);
    expect(mappingSample(preview([]), {})).toBeUndefined();
  });

  it('gives a scalar record one root field and ignores tables that are not an object', () => {
    const sample = mappingSample(preview([record('k', { source: 'ID-1' })]), ['x']);
    expect(sample?.sources).toEqual([{ path: '$', key: '$', label: '$', kind: 'string', children: [] }]);
    expect(sample?.bindings).toEqual({ tables: {}, key: 'k' });
  });

  it('reads the failing field, the counts and the exchange tone', () => {
    const failed = record('f', {
      error: { code: 'MAPPING_FAILED', message: 'm', details: { field: 'FDATE' } },
    });
    expect(errorField(failed)).toBe('FDATE');
    expect(errorField(record('g'))).toBeUndefined();
    const counts = previewCounts(
      preview([failed, record('m', { mapped: {} }), record('s', { passes: false })]),
    );
    expect(counts).toEqual({ records: 3, passing: 2, mapped: 1, failed: 1 });
    expect(exchangeTone(exchange(200))).toBe('success');
    expect(exchangeTone(exchange(404))).toBe('warning');
    expect(exchangeTone(exchange(502))).toBe('error');
    expect(exchangeTone(exchange())).toBe('error');
    expect(exchangeTone(exchange(200, true))).toBe('error');
  });

  it('gives $lookup the written-out tables and the loaded $from ones, never a $from itself', () => {
    const tables = { orgs: { a: '1' }, depts: { $from: { sync: 'x' } }, big: { $from: { sync: 'y' } } };
    const loaded = { ...preview([]), tables: { depts: { d1: 'BM1' } } };
    expect(lookupTables(loaded, tables)).toEqual({ orgs: { a: '1' }, depts: { d1: 'BM1' } });
    expect(lookupTables(undefined, tables)).toEqual({ orgs: { a: '1' } });
  });
});
