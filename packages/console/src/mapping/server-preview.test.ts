import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { previewError, topField } from './server-preview.ts';

describe('server preview', () => {
  it('finds the top-level target field of a failing field path', () => {
    expect(topField('FPAYBILLENTRY[2].FPAYTOTALAMOUNTFOR')).toBe('FPAYBILLENTRY');
    expect(topField('head.lines[].amount')).toBe('head');
    expect(topField('probe')).toBe('probe');
    expect(topField(undefined)).toBeUndefined();
  });

  it('keeps the field, source value and expression of a mapping failure', () => {
    const error = new ApiError(400, {
      code: 'MAPPING_FAILED',
      message: '字段映射失败',
      details: { field: 'a[1].b', sourceValue: '十二元', expression: '$decimal(x, 2)', cause: {} },
    });
    expect(previewError(error)).toEqual({
      code: 'MAPPING_FAILED',
      message: '字段映射失败',
      field: 'a[1].b',
      sourceValue: '十二元',
      expression: '$decimal(x, 2)',
    });
    expect(previewError(new TypeError('offline'))).toEqual({ code: 'NETWORK', message: 'offline' });
  });
});
