/** Limits per app: `perSecond` and `perMinute` fixed windows (0 or Infinity lifts one); `http429` answers 429 instead of 200. */
export interface RateLimitSettings {
  perSecond: number;
  perMinute: number;
  http429: boolean;
}

const active = (limit: number) => limit > 0 && Number.isFinite(limit);

/**
 * The approval APIs' frequency tier (reference §2.4): about 50 requests per second and 1000 per
 * minute per app, counted across the business routes (the token route is exempt).
 */
export class RateLimits {
  private second = { at: -1, count: 0 };
  private minute = { at: -1, count: 0 };

  constructor(
    public settings: RateLimitSettings,
    private readonly now: () => number,
  ) {}

  /** Counts one call and says whether it is admitted. */
  admit(): boolean {
    const now = this.now();
    const { perSecond, perMinute } = this.settings;
    const s = Math.floor(now / 1000);
    const m = Math.floor(now / 60_000);
    if (this.second.at !== s) this.second = { at: s, count: 0 };
    if (this.minute.at !== m) this.minute = { at: m, count: 0 };
    this.second.count++;
    this.minute.count++;
    if (active(perSecond) && this.second.count > perSecond) return false;
    return !(active(perMinute) && this.minute.count > perMinute);
  }

  /** Seconds until the window that refused the last call resets (the `x-ogw-ratelimit-reset` header). */
  resetInSeconds(): number {
    const now = this.now();
    const { perMinute } = this.settings;
    if (active(perMinute) && this.minute.count > perMinute)
      return Math.ceil((60_000 - (now % 60_000)) / 1000);
    return 1;
  }

  /** Clears the windows. */
  reset(): void {
    this.second = { at: -1, count: 0 };
    this.minute = { at: -1, count: 0 };
  }
}
