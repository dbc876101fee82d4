import type { Role } from '../store/port.ts';

/** Who is calling: a stored user, or the static token's built-in admin. */
export interface ApiUser {
  id: string;
  username: string;
  role: Role;
  /** The hash of the bearer token used (null for the static token). */
  tokenHash: string | null;
}

/** The Hono environment of the API: the authenticated user. */
export interface ApiEnv {
  Variables: { user: ApiUser };
}
