/** Outcome of checking a presented token: the owner (app key / app id) it was issued to, or why not. */
export type TokenCheck = { ok: true; owner: string } | { ok: false; reason: 'missing' | 'invalid' };

/** How a system issues tokens. */
export interface TokenIssuerOptions {
  /** Lifetime of new tokens, seconds. */
  ttlSeconds: number;
  now: () => number;
  /** Makes a new token string. */
  mint: () => string;
  /**
   * When the owner's current token is reused: 'extend' reuses it while valid and pushes its expiry
   * to a full lifetime; a number reuses it unchanged while more than that many ms are left.
   */
  reuse: 'extend' | ((ttlMs: number) => number);
}

/** Access tokens of a simulated system: issue, check, expire-now, lifetime changes. */
export interface TokenIssuer {
  /** The owner's token and its remaining lifetime in whole seconds (a new token when the current one is not reused). */
  issue(owner: string): { token: string; expiresIn: number };
  check(token: string | undefined | null): TokenCheck;
  /** Expires every issued token now (the "token expired mid-run" hook); returns how many were issued. */
  expireAll(): number;
  /** Changes the lifetime of tokens issued (or extended) from now on. */
  setTtl(seconds: number): void;
  /** The lifetime of new tokens, seconds. */
  ttl(): number;
  /** Number of tokens still valid. */
  validCount(): number;
  /** Forgets every token. */
  reset(): void;
}

/** Creates a token issuer; a replaced token stays valid until its own expiry. */
export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  const { now, mint, reuse } = options;
  let ttlSeconds = options.ttlSeconds;
  const byToken = new Map<string, { owner: string; expiresAt: number }>();
  const current = new Map<string, string>();
  return {
    issue(owner) {
      const at = now();
      const token = current.get(owner);
      const entry = token ? byToken.get(token) : undefined;
      const ttlMs = ttlSeconds * 1000;
      if (token && entry) {
        if (reuse === 'extend' && entry.expiresAt > at) {
          entry.expiresAt = at + ttlMs;
          return { token, expiresIn: ttlSeconds };
        }
        if (reuse !== 'extend' && entry.expiresAt - at > reuse(ttlMs))
          return { token, expiresIn: Math.floor((entry.expiresAt - at) / 1000) };
      }
      const fresh = mint();
      byToken.set(fresh, { owner, expiresAt: at + ttlMs });
      current.set(owner, fresh);
      return { token: fresh, expiresIn: ttlSeconds };
    },
    check(token) {
      if (!token) return { ok: false, reason: 'missing' };
      const entry = byToken.get(token);
      if (!entry || entry.expiresAt <= now()) return { ok: false, reason: 'invalid' };
      return { ok: true, owner: entry.owner };
    },
    expireAll() {
      const at = now();
      for (const entry of byToken.values()) entry.expiresAt = Math.min(entry.expiresAt, at);
      return byToken.size;
    },
    setTtl(seconds) {
      ttlSeconds = seconds;
    },
    ttl: () => ttlSeconds,
    validCount() {
      const at = now();
      let n = 0;
      for (const entry of byToken.values()) if (entry.expiresAt > at) n++;
      return n;
    },
    reset() {
      byToken.clear();
      current.clear();
    },
  };
}
