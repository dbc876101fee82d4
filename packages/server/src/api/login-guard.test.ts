import { afterEach, describe, expect, it, vi } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { createLoginGuard } from './login-guard.ts';

const limits = { perAccount: 3, perAddress: 5, windowSeconds: 60 };

async function refusal(check: Promise<void>): Promise<QiaoError | undefined> {
  try {
    await check;
    return undefined;
  } catch (error) {
    return error as QiaoError;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('login guard', () => {
  it('holds an account back on one address after its failures, not others', async () => {
    const guard = createLoginGuard(limits);
    for (let i = 0; i < 2; i++) await guard.failed('Admin', '10.0.0.1');
    expect(await refusal(guard.check('admin', '10.0.0.1'))).toBeUndefined();
    await guard.failed('admin', '10.0.0.1');
    const error = await refusal(guard.check('ADMIN', '10.0.0.1'));
    expect(error?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(error?.message).toMatch(/请 1 分钟后再试/);
    expect(error?.retryAfterMs).toBeGreaterThan(0);
    expect(error?.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await refusal(guard.check('admin', '10.0.0.2'))).toBeUndefined();
    expect(await refusal(guard.check('other', '10.0.0.1'))).toBeUndefined();
  });

  it('clears an account on a successful sign-in', async () => {
    const guard = createLoginGuard(limits);
    for (let i = 0; i < 2; i++) await guard.failed('admin', 'a');
    await guard.succeeded('admin', 'a');
    for (let i = 0; i < 2; i++) await guard.failed('admin', 'a');
    expect(await refusal(guard.check('admin', 'a'))).toBeUndefined();
  });

  it('holds an address back that tries many usernames', async () => {
    const guard = createLoginGuard(limits);
    for (const name of ['a', 'b', 'c', 'd', 'e']) await guard.failed(name, '10.0.0.9');
    expect((await refusal(guard.check('f', '10.0.0.9')))?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(await refusal(guard.check('f', '10.0.0.8'))).toBeUndefined();
  });

  it('lets the account try again once the window has passed', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 23) });
    const guard = createLoginGuard(limits);
    for (let i = 0; i < 3; i++) await guard.failed('admin', 'a');
    expect(await refusal(guard.check('admin', 'a'))).toBeInstanceOf(QiaoError);
    vi.advanceTimersByTime(59_000);
    expect(await refusal(guard.check('admin', 'a'))).toBeInstanceOf(QiaoError);
    vi.advanceTimersByTime(1_001);
    expect(await refusal(guard.check('admin', 'a'))).toBeUndefined();
  });
});
