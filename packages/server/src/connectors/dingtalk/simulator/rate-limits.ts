/** Rate-limit settings: `qps` per (app, API) per one-second window; `monthlyQuota` calls per app (0 = off). */
export interface RateLimitSettings {
  qps: number;
  monthlyQuota: number;
}

/** What a call ran into, if anything. */
export type LimitVerdict = 'ok' | 'qps' | 'quota';

/**
 * Fixed one-second windows per (appKey, route) as DingTalk describes (reference §2), and an
 * optional monthly call quota per app that token routes do not count against.
 */
export class RateLimits {
  private readonly windows = new Map<string, { second: number; count: number }>();
  private readonly monthly = new Map<string, number>();

  constructor(
    public settings: RateLimitSettings,
    private readonly now: () => number,
  ) {}

  /** Counts one call of `route` by `appKey` and says whether it is allowed. */
  admit(appKey: string, route: string, countsTowardsQuota = true): LimitVerdict {
    const { qps, monthlyQuota } = this.settings;
    if (qps > 0 && Number.isFinite(qps)) {
      const second = Math.floor(this.now() / 1000);
      const key = `${appKey}\u0000${route}`;
      const window = this.windows.get(key);
      if (!window || window.second !== second) this.windows.set(key, { second, count: 1 });
      else if (++window.count > qps) return 'qps';
    }
    if (countsTowardsQuota && monthlyQuota > 0 && Number.isFinite(monthlyQuota)) {
      const used = (this.monthly.get(appKey) ?? 0) + 1;
      this.monthly.set(appKey, used);
      if (used > monthlyQuota) return 'quota';
    }
    return 'ok';
  }

  /** Calls counted against the monthly quota so far. */
  monthlyUsed(appKey: string): number {
    return this.monthly.get(appKey) ?? 0;
  }

  /** Clears windows and quota counts. */
  reset(): void {
    this.windows.clear();
    this.monthly.clear();
  }
}
