import { createHash } from 'node:crypto';
import { createRandom, type SeededRandom } from '../../simulator-kit/index.ts';
import { jdyAppSignature, sameSignature } from '../signature.ts';
import type { JdyCredentials } from './credentials.ts';
import { WindowLimiter } from './limiter.ts';

/** One token pair issued by kingdee_auth_token. */
export interface TokenRecord {
  appToken: string;
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** appSecret generation the token was issued under (rotation invalidates older ones). */
  generation: number;
  uid: number;
}

/** Outcome of checking a presented token. */
export type TokenCheck = 'ok' | 'missing' | 'invalid' | 'expired' | 'rotated';

/** Settings of the authorization state. */
export interface AuthSettings {
  credentials: JdyCredentials;
  seed: number;
  tokenTtlMs: number;
  tokenCallsPerMinute: number;
  now: () => number;
}

/** Customer authorization: the current appSecret (rotatable), issued tokens, the token-exchange limit. */
export class AuthState {
  /** How many times the appSecret was rotated. */
  generation = 0;
  appSecret: string;
  private readonly byAccess = new Map<string, TokenRecord>();
  private readonly byApp = new Map<string, TokenRecord>();
  private readonly random: SeededRandom;
  private readonly limiter: WindowLimiter;
  issued = 0;

  constructor(private readonly settings: AuthSettings) {
    this.appSecret = settings.credentials.appSecret;
    this.random = createRandom(settings.seed ^ 0x7a0c3e);
    this.limiter = new WindowLimiter(settings.tokenCallsPerMinute, 60_000, settings.now);
  }

  /** Replaces the appSecret (deterministically); older tokens and app_signatures now fail with 1030002006. */
  rotate(): string {
    this.generation++;
    this.appSecret = createHash('sha256')
      .update(`${this.settings.credentials.appSecret}:${this.settings.seed}:${this.generation}`)
      .digest('hex')
      .slice(0, 32);
    return this.appSecret;
  }

  /** True when `signature` is the app_signature of `appKey` under the current appSecret. */
  appSignatureValid(appKey: string, signature: string): boolean {
    return sameSignature(jdyAppSignature(appKey, this.appSecret), signature);
  }

  /** Records one token-exchange call; false when above the per-minute limit. */
  takeTokenCall(appKey: string): boolean {
    return this.limiter.take(appKey);
  }

  /** Issues a new token pair valid for the configured TTL (earlier pairs stay valid until they expire). */
  issue(): TokenRecord {
    const now = this.settings.now();
    const payload = Buffer.from(
      JSON.stringify({ appKey: this.settings.credentials.appKey, iat: now, n: this.issued }),
    ).toString('base64url');
    const record: TokenRecord = {
      appToken: `eyJhbGciOiJIUzI1NiJ9.${payload}.${this.hex(32)}`,
      accessToken: this.hex(32),
      expiresAt: now + this.settings.tokenTtlMs,
      generation: this.generation,
      uid: 100_000 + (this.settings.seed % 900_000),
    };
    this.issued++;
    this.byAccess.set(record.accessToken, record);
    this.byApp.set(record.appToken, record);
    return record;
  }

  /** Checks a family-A `access_token`. */
  checkAccessToken(token: string | undefined): TokenCheck {
    return this.check(token ? this.byAccess.get(token) : undefined, token);
  }

  /** Checks a family-B `app-token`. */
  checkAppToken(token: string | undefined): TokenCheck {
    return this.check(token ? this.byApp.get(token) : undefined, token);
  }

  /** Expires every issued token now; returns how many were live. */
  expireAll(): number {
    const now = this.settings.now();
    let live = 0;
    for (const record of this.byAccess.values()) {
      if (record.expiresAt > now) live++;
      record.expiresAt = Math.min(record.expiresAt, now);
    }
    return live;
  }

  /** Number of live (unexpired, current-generation) tokens. */
  liveTokens(): number {
    const now = this.settings.now();
    let live = 0;
    for (const r of this.byAccess.values()) if (r.expiresAt > now && r.generation === this.generation) live++;
    return live;
  }

  private check(record: TokenRecord | undefined, token: string | undefined): TokenCheck {
    if (!token) return 'missing';
    if (!record) return 'invalid';
    if (record.generation !== this.generation) return 'rotated';
    return record.expiresAt > this.settings.now() ? 'ok' : 'expired';
  }

  private hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.random.int(0, 0xffffffff).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }
}
