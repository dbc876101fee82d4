import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { isNewRequest, isNotFound, openDefinition } from './definition-load.ts';

const notFound = () =>
  new ApiError(404, { code: 'NOT_FOUND', message: '流程 nope 不存在 / flow "nope" not found' });

describe('definition load', () => {
  it('tells a 404 from other failures', () => {
    expect(isNotFound(notFound())).toBe(true);
    expect(isNotFound(new ApiError(500, { code: 'INTERNAL', message: 'boom' }))).toBe(false);
    expect(isNotFound(new Error('network'))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });

  it('reads the request to create an id from the search of the new-definition link', () => {
    expect(isNewRequest('?new=1')).toBe(true);
    expect(isNewRequest('?tab=yaml&new')).toBe(true);
    expect(isNewRequest('')).toBe(false);
    expect(isNewRequest('?newer=1')).toBe(false);
  });

  it('opens a stored definition whether or not it was asked to create it', async () => {
    const load = async () => ({ id: 'voucherToJdy', version: 3 });
    expect(await openDefinition(load, false)).toEqual({
      state: 'found',
      value: { id: 'voucherToJdy', version: 3 },
    });
    expect(await openDefinition(load, true)).toEqual({
      state: 'found',
      value: { id: 'voucherToJdy', version: 3 },
    });
  });

  it('opens a draft for a missing id only when asked to create it, else says it is missing', async () => {
    const load = async () => {
      throw notFound();
    };
    expect(await openDefinition(load, true)).toEqual({ state: 'draft' });
    expect(await openDefinition(load, false)).toEqual({ state: 'missing' });
  });

  it('passes other failures on to the page', async () => {
    const load = async () => {
      throw new ApiError(503, { code: 'UNAVAILABLE', message: 'down' });
    };
    await expect(openDefinition(load, true)).rejects.toThrow('down');
    await expect(openDefinition(load, false)).rejects.toThrow('down');
  });
});
