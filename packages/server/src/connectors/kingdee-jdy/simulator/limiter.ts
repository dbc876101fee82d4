/** Sliding-window call limiter per key; a limit of 0 or Infinity lets everything through. */
export class WindowLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** True when the limit is off. */
  get unlimited(): boolean {
    return this.limit <= 0 || !Number.isFinite(this.limit);
  }

  /** Records one call of `key`; false when it is over the limit (over-limit calls are not recorded). */
  take(key: string): boolean {
    if (this.unlimited) return true;
    const t = this.now();
    const times = this.calls.get(key) ?? [];
    while (times.length > 0 && (times[0] as number) <= t - this.windowMs) times.shift();
    if (times.length >= this.limit) {
      this.calls.set(key, times);
      return false;
    }
    times.push(t);
    this.calls.set(key, times);
    return true;
  }

  /** Forgets every recorded call. */
  reset(): void {
    this.calls.clear();
  }
}
