import { type JdySession, rememberSession, sessionOf } from '../connectors/kingdee-jdy/session.ts';
import type { CredentialCompanion } from './store-credential-cache.ts';

/**
 * Kingdee JDY keeps what a token exchange yields besides the access_token (app-token, expiry, data
 * centre, sId, dbId) in a process-wide map keyed by the token; a token read from the store in another
 * process needs that session too, or its calls lack `X-GW-Router-Addr`, `sId` and `dbId`.
 */
const jdySession: CredentialCompanion = {
  capture(value) {
    const session = sessionOf(value);
    return session === undefined ? undefined : JSON.stringify(session);
  },
  restore(value, state) {
    if (sessionOf(value) !== undefined) return;
    let session: JdySession;
    try {
      session = JSON.parse(state) as JdySession;
    } catch {
      return;
    }
    if (session?.accessToken === value) rememberSession(session);
  },
};

/** Connector state stored with the built-in connectors' credentials (see `CredentialCompanion`). */
export const BUILTIN_CREDENTIAL_COMPANIONS: Readonly<Record<string, CredentialCompanion>> = {
  'kingdee-jdy': jdySession,
};
