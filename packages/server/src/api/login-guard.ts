import { RateLimiterMemory } from 'rate-limiter-flexible';
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
 * process's memory (rate-limiter-flexible): in a cluster each node counts its own attempts.
 */
export interface LoginGuard {
  /** Throws TOO_MANY_ATTEMPTS when this account or address is held back. */
  check(username: string, address: string): Promise<void>;
  failed(username: string, address: string): Promise<void>;
  succeeded(username: string, address: string): Promise<void>;
}

export function createLoginGuard(limits: LoginGuardLimits = LOGIN_GUARD_DEFAULTS): LoginGuard {
  const duration = limits.windowSeconds;
  const accounts = new RateLimiterMemory({ keyPrefix: 'login-account', points: limits.perAccount, duration });
  const addresses = new RateLimiterMemory({
    keyPrefix: 'login-address',
    points: limits.perAddress,
    duration,
  });
  const accountKey = (username: string, address: string) => `${username.toLowerCase()}|${address}`;
  const held = async (limiter: RateLimiterMemory, key: string, points: number) => {
    const state = await limiter.get(key);
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
      await accounts.delete(accountKey(username, address));
    },
  };
}
