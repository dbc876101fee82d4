import { randomBytes } from 'node:crypto';
import { createTokenIssuer, type TokenIssuer } from '../../simulator-kit/index.ts';

/** Tokens with less than this left are replaced by a new one on the next token call (reference §1). */
export const REISSUE_BELOW_MS = 30 * 60_000;

/** Issued tenant_access_tokens (the kit's issuer; the owner is the app id). */
export type TokenStore = TokenIssuer;

/**
 * Feishu tenant_access_tokens: asking again returns the same token with its *remaining* lifetime
 * while more than 30 minutes (a quarter of a short TTL) are left; otherwise a new token is issued
 * and the old one stays valid until its own expiry (reference §1).
 */
export function createFeishuTokens(ttlSeconds: number, now: () => number): TokenStore {
  return createTokenIssuer({
    ttlSeconds,
    now,
    mint: () => `t-${randomBytes(20).toString('hex')}`,
    reuse: (ttlMs) => Math.min(REISSUE_BELOW_MS, ttlMs / 4),
  });
}
