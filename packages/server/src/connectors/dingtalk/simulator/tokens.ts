import { randomBytes } from 'node:crypto';

/** Outcome of checking an access token. */
export type TokenCheck = { ok: true; appKey: string } | { ok: false; reason: 'missing' | 'invalid' };

/**
 * Issued access tokens. Asking again while the app's token is valid returns the same token and
 * pushes its expiry forward (reference §1.1); after expiry a new one is issued.
 */
export class TokenStore {
  private readonly byToken = new Map<string, { appKey: string; expiresAt: number }>();
  private readonly byApp = new Map<string, string>();

  constructor(
    private ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  /** Issues (or renews) the app's token; returns it with its lifetime in seconds. */
  issue(appKey: string): { token: string; expiresIn: number } {
    const now = this.now();
    const current = this.byApp.get(appKey);
    const entry = current ? this.byToken.get(current) : undefined;
    const expiresAt = now + this.ttlSeconds * 1000;
    if (current && entry && entry.expiresAt > now) {
      entry.expiresAt = expiresAt;
      return { token: current, expiresIn: this.ttlSeconds };
    }
    const token = randomBytes(16).toString('hex');
    this.byToken.set(token, { appKey, expiresAt });
    this.byApp.set(appKey, token);
    return { token, expiresIn: this.ttlSeconds };
  }

  /** Checks a token presented by a caller. */
  check(token: string | undefined | null): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const entry = this.byToken.get(token);
    if (!entry || entry.expiresAt <= this.now()) return { ok: false, reason: 'invalid' };
    return { ok: true, appKey: entry.appKey };
  }

  /** Expires every issued token now (the test hook for "token expired mid-run"). */
  expireAll(): number {
    const now = this.now();
    for (const entry of this.byToken.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
    return this.byToken.size;
  }

  /** Changes the lifetime of tokens issued or renewed from now on. */
  setTtl(seconds: number): void {
    this.ttlSeconds = seconds;
  }

  /** Number of tokens still valid. */
  validCount(): number {
    const now = this.now();
    let n = 0;
    for (const entry of this.byToken.values()) if (entry.expiresAt > now) n++;
    return n;
  }

  /** Forgets every token. */
  reset(): void {
    this.byToken.clear();
    this.byApp.clear();
  }
}
