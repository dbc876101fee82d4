import { type JdySession, rememberSession, sessionOf } from '../connectors/kingdee-jdy/session.ts';

/**
 * State a connector keeps in its own memory beside a credential value (Kingdee JDY's session: app-token,
 * data centre, book ids), sealed and stored with the credential and given back when another process or
 * a restart reads it from the store.
 */
export interface CredentialCompanion {
  /** The state this process keeps for `value`, as text; undefined when it keeps none. */
  capture(value: string): string | undefined;
  /** Hands the state stored with `value` back to the connector. */
  restore(value: string, state: string): void;
}

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

/** A sealed credential's payload: `v` the value (the Redis cache's format), `c:<name>` a companion's state. */
export type CredentialPayload = Record<string, string>;

/** The payload to seal for `value`: the value and every companion's state for it. */
export function credentialPayload(
  value: string,
  companions: Readonly<Record<string, CredentialCompanion>> = BUILTIN_CREDENTIAL_COMPANIONS,
): CredentialPayload {
  const payload: CredentialPayload = { v: value };
  for (const [name, companion] of Object.entries(companions)) {
    const state = companion.capture(value);
    if (state !== undefined) payload[`c:${name}`] = state;
  }
  return payload;
}

/** Hands the companions' states of an opened payload back to them; returns the value. */
export function restoreCompanions(
  payload: CredentialPayload,
  companions: Readonly<Record<string, CredentialCompanion>> = BUILTIN_CREDENTIAL_COMPANIONS,
): string {
  const value = payload.v ?? '';
  if (value === '') return value;
  for (const [name, companion] of Object.entries(companions)) {
    const state = payload[`c:${name}`];
    if (state !== undefined) companion.restore(value, state);
  }
  return value;
}
