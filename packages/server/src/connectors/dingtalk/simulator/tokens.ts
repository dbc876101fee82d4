import { randomBytes } from 'node:crypto';
import { createTokenIssuer, type TokenIssuer } from '../../simulator-kit/index.ts';

/** Issued access tokens (the kit's issuer; the owner is the appKey). */
export type TokenStore = TokenIssuer;

/**
 * DingTalk access tokens: asking again while the app's token is valid returns the same token and
 * pushes its expiry forward (reference §1.1); after expiry a new one is issued.
 */
export function createDingtalkTokens(ttlSeconds: number, now: () => number): TokenStore {
  return createTokenIssuer({ ttlSeconds, now, mint: () => randomBytes(16).toString('hex'), reuse: 'extend' });
}
