import { randomBytes } from 'node:crypto';

/** Outcome of checking a tenant_access_token. */
export type TokenCheck = { ok: true; appId: string } | { ok: false; reason: 'missing' | 'invalid' };

/** Tokens with less than this left are replaced by a new one on the next token call (reference §1). */
export const REISSUE_BELOW_MS = 30 * 60_000;

/**
 * Issued tenant_access_tokens. Asking again returns the same token with its *remaining* lifetime
 * while more than 30 minutes are left; otherwise a new token is issued and the old one stays valid
 * until its own expiry (reference §1).
 */
export class TokenStore {
  private readonly byToken = new Map<string, { appId: string; expiresAt: number }>();
  private readonly current = new Map<string, string>();

  constructor(
    private ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  /** The app's token and its remaining lifetime in whole seconds (a new one when < 30 min are left). */
  issue(appId: string): { token: string; expire: number } {
    const now = this.now();
    const token = this.current.get(appId);
    const entry = token ? this.byToken.get(token) : undefined;
    const threshold = Math.min(REISSUE_BELOW_MS, (this.ttlSeconds * 1000) / 4);
    if (token && entry && entry.expiresAt - now > threshold) {
      return { token, expire: Math.floor((entry.expiresAt - now) / 1000) };
    }
    const fresh = `t-${randomBytes(20).toString('hex')}`;
    this.byToken.set(fresh, { appId, expiresAt: now + this.ttlSeconds * 1000 });
    this.current.set(appId, fresh);
    return { token: fresh, expire: this.ttlSeconds };
  }

  /** Checks a bearer token presented by a caller. */
  check(token: string | undefined | null): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const entry = this.byToken.get(token);
    if (!entry || entry.expiresAt <= this.now()) return { ok: false, reason: 'invalid' };
    return { ok: true, appId: entry.appId };
  }

  /** Expires every issued token now (the "token expired mid-run" hook); returns how many. */
  expireAll(): number {
    const now = this.now();
    for (const entry of this.byToken.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
    return this.byToken.size;
  }

  /** Changes the lifetime of tokens issued from now on. */
  setTtl(seconds: number): void {
    this.ttlSeconds = seconds;
  }

  /** The lifetime of new tokens, seconds. */
  ttl(): number {
    return this.ttlSeconds;
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
    this.current.clear();
  }
}
