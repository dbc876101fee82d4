import { describe, expect, it } from 'vitest';
import { retentionFromEnv, retentionPolicy } from './retention-job.ts';

describe('retention settings', () => {
  it('defaults to 30 days and 1000 runs per flow', () => {
    const settings = retentionFromEnv({});
    expect(retentionPolicy(settings, 100 * 86_400_000)).toEqual({
      now: 100 * 86_400_000,
      olderThan: 70 * 86_400_000,
      keepLast: 1000,
    });
  });

  it('turns a limit off with 0', () => {
    const settings = retentionFromEnv({ QIAO_RETENTION_DAYS: '0', QIAO_RETENTION_KEEP: '5' });
    expect(retentionPolicy(settings, 1000)).toEqual({ now: 1000, keepLast: 5 });
  });

  it('rejects a value that is not a number', () => {
    expect(() => retentionFromEnv({ QIAO_RETENTION_DAYS: 'forever' })).toThrow(/QIAO_RETENTION_DAYS/);
  });
});
