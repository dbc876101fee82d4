import { describe, expect, it } from 'vitest';
import { clusterOptionsFromEnv } from './cluster.ts';

describe('cluster options from env', () => {
  it('stays embedded without REDIS_URL', () => {
    expect(clusterOptionsFromEnv({})).toBeUndefined();
    expect(clusterOptionsFromEnv({ REDIS_URL: '  ', QIAO_REDIS_PREFIX: 'x:' })).toBeUndefined();
  });

  it('builds the redis queue, rate limiter and credential cache when REDIS_URL is set', async () => {
    const errors: unknown[] = [];
    // Nothing listens on port 1: the options are built and closed without ever reaching Redis.
    const cluster = clusterOptionsFromEnv(
      { REDIS_URL: 'redis://127.0.0.1:1/0' },
      { onError: (e) => errors.push(e) },
    );
    expect(cluster).toBeDefined();
    expect(typeof cluster?.queue.notify).toBe('function');
    expect(typeof cluster?.rateLimiter.acquire).toBe('function');
    expect(cluster?.credentials.peek('nothing')).toBeUndefined();
    await cluster?.close();
  });
});
