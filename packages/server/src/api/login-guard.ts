import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { QiaoError } from '../errors/index.ts';

/** How many failed sign-ins are allowed, per account and address and per address alone, in a window. */
export interface LoginGuardLimits {
  /** Failed sign-ins of one username from one address before it is held back (default 5). */
  perAccount: number;
  /** Failed sign-ins from one address, any usernames (default 50: password spraying). */
  perAddress: number;
  /** The window, counted from the first failure (default 15 min). */
  windowSeconds: number;
}

export const LOGIN_GUARD_DEFAULTS: LoginGuardLimits = {
  perAccount: 5,
  perAddress: 50,
  windowSeconds: 15 * 60,
};

/**
 * Throttles password guessing at `POST /auth/login`: once an account has failed `perAccount` times
 * from one address (or the address `perAddress` times over any accounts) in the window, further
 * attempts are refused with TOO_MANY_ATTEMPTS (HTTP 429, Retry-After) without checking the password,
 * until the window ends. A successful sign-in clears the account's count. Counts live in this
 * process's memory (rate-limiter-flexible), or in Redis in cluster mode (`shared`), so every node of a
 * cluster counts the same attempts; while Redis is away each node falls back to its own memory.
 */
export interface LoginGuard {
  /** Throws TOO_MANY_ATTEMPTS when this account or address is held back. */
  check(username: string, address: string): Promise<void>;
  failed(username: string, address: string): Promise<void>;
  succeeded(username: string, address: string): Promise<void>;
}

/** Where a cluster keeps its counts: the shared Redis client (ioredis) and the key prefix. */
export interface SharedCounters {
  redis: unknown;
  prefix: string;
}

export function createLoginGuard(
  limits: LoginGuardLimits = LOGIN_GUARD_DEFAULTS,
  shared?: SharedCounters,
): LoginGuard {
  const duration = limits.windowSeconds;
  const limiter = (name: string, points: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: name, points, duration });
    if (!shared) return memory;
    const keyPrefix = `${shared.prefix}${name}`;
    return new RateLimiterRedis({
      storeClient: shared.redis,
      keyPrefix,
      points,
      duration,
      insuranceLimiter: memory,
    });
  };
  const accounts = limiter('login-account', limits.perAccount);
  const addresses = limiter('login-address', limits.perAddress);
  const accountKey = (username: string, address: string) => `${username.toLowerCase()}|${address}`;
  const held = async (counter: RateLimiterAbstract, key: string, points: number) => {
    // A store that cannot answer (Redis away and its reads not insured) holds nobody back.
    const state = await counter.get(key).catch(() => null);
    return state !== null && state.consumedPoints >= points ? state.msBeforeNext : 0;
  };
  return {
    async check(username, address) {
      const waitMs = Math.max(
        await held(accounts, accountKey(username, address), limits.perAccount),
        await held(addresses, address, limits.perAddress),
      );
      if (waitMs <= 0) return;
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      const minutes = Math.ceil(retryAfterSeconds / 60);
      throw new QiaoError(
        'TOO_MANY_ATTEMPTS',
        `登录失败次数过多，请 ${minutes} 分钟后再试 / too many failed sign-ins; try again in ${minutes} min`,
        { details: { retryAfterSeconds }, retryAfterMs: retryAfterSeconds * 1000 },
      );
    },
    async failed(username, address) {
      // consume() rejects once the points are spent; the count is what matters here.
      await Promise.all([
        accounts.consume(accountKey(username, address)).catch(() => undefined),
        addresses.consume(address).catch(() => undefined),
      ]);
    },
    async succeeded(username, address) {
      await accounts.delete(accountKey(username, address)).catch(() => undefined);
    },
  };
}
