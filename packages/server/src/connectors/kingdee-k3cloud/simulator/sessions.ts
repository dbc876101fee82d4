import { randomUUID } from 'node:crypto';
import { verifyK3CloudSignature } from '../signature.ts';

/** One logged-in session. */
export interface K3Session {
  readonly id: string;
  readonly aspNetId: string;
  readonly acctId: string;
  readonly username: string;
  lastSeenMs: number;
}

/** What the auth check needs from a request. */
export interface AuthInput {
  /** One header by lower-case name. */
  header: (name: string) => string | undefined;
  /** Every header with lower-case names (read only for signed requests). */
  headers: () => Record<string, string | undefined>;
  /** Value of the `kdservice-sessionid` cookie, if any. */
  cookieSessionId: string | undefined;
  /** Path and query as the client signed it (`/K3Cloud/…`). */
  pathAndQuery: () => string;
}

/** Settings of the auth check. */
export interface AuthSettings {
  acctId: string;
  username: string;
  appId: string;
  appSecret: string;
  idleMs: number;
  signatureWindowMs: number;
  now: () => number;
}

/** Sessions by id, with an idle timeout and a hook to expire them all now. */
export class SessionRegistry {
  private readonly sessions = new Map<string, K3Session>();
  /** Why the last rejected call was rejected (inspection only). */
  lastRejection: string | null = null;

  constructor(private readonly settings: AuthSettings) {}

  /** Opens a session for a successful login. */
  open(acctId: string, username: string): K3Session {
    const session: K3Session = {
      id: randomUUID(),
      aspNetId: randomUUID().replaceAll('-', '').slice(0, 24),
      acctId,
      username,
      lastSeenMs: this.settings.now(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Ends one session (Logout). */
  close(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Expires every session now (the test hook); returns how many there were. */
  expireAll(): number {
    const n = this.sessions.size;
    this.sessions.clear();
    return n;
  }

  /** Number of live sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /** Accepts a request with a live session (cookie or `kdservice-sessionid` header) or valid signed headers. */
  authenticate(input: AuthInput): boolean {
    if (input.header('x-kd-appkey') !== undefined) return this.checkSignature(input);
    const id = input.cookieSessionId ?? input.header('kdservice-sessionid');
    const session = id ? this.sessions.get(id) : undefined;
    const now = this.settings.now();
    if (!session) return this.reject('no session');
    if (now - session.lastSeenMs > this.settings.idleMs) {
      this.sessions.delete(session.id);
      return this.reject('session idle too long');
    }
    session.lastSeenMs = now;
    return true;
  }

  private checkSignature(input: AuthInput): boolean {
    const s = this.settings;
    const result = verifyK3CloudSignature(input.headers(), {
      appId: s.appId,
      appSecret: s.appSecret,
      path: input.pathAndQuery(),
      nowMs: s.now(),
      windowMs: s.signatureWindowMs,
    });
    if (!result.ok) return this.reject(result.reason);
    if (result.identity.acctId !== s.acctId || result.identity.username !== s.username)
      return this.reject('unknown data centre or user');
    return true;
  }

  private reject(reason: string): false {
    this.lastRejection = reason;
    return false;
  }
}
