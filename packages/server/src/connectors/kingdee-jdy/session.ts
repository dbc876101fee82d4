/** What one token exchange yields besides the `access_token` (which is the kit's cached credential). */
export interface JdySession {
  accessToken: string;
  appToken: string;
  /** Epoch ms the tokens expire (as the system said). */
  expires: number;
  /** Customer data centre, sent as `X-GW-Router-Addr`. */
  domain: string;
  /** `serviceId` of the authorization (family-A `sId`). */
  sId: string;
  /** `accountId` of the authorization (family-A `dbId`). */
  dbId: string;
  uid?: number;
}

// Keyed by the access_token: the kit caches one string per connection, the rest lives here.
const sessions = new Map<string, JdySession>();
const SESSION_CAP = 1000;

/** Remembers the session of a freshly exchanged token (oldest entries are dropped past a cap). */
export function rememberSession(session: JdySession): void {
  if (sessions.size >= SESSION_CAP) {
    const oldest = sessions.keys().next().value;
    if (oldest !== undefined) sessions.delete(oldest);
  }
  sessions.set(session.accessToken, session);
}

/** The session of an access_token, if this process exchanged it. */
export function sessionOf(accessToken: string): JdySession | undefined {
  return sessions.get(accessToken);
}

/** Forgets every session, as a process that never exchanged a token (tests of shared credentials). */
export function forgetSessions(): void {
  sessions.clear();
}
