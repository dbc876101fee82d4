import { describe, expect, it } from 'vitest';
import { credentialsProblem } from './sign-in.tsx';

describe('sign-in and setup checks', () => {
  it('asks for a missing username or password', () => {
    expect(credentialsProblem({ username: ' ', password: 'x' }, false)).toBe('auth.usernameRule');
    expect(credentialsProblem({ username: 'admin', password: '' }, false)).toBe('auth.passwordRule');
    expect(credentialsProblem({ username: 'admin', password: '', confirm: '' }, true)).toBe(
      'auth.passwordRule',
    );
  });

  it('says a setup password is too short rather than missing', () => {
    expect(credentialsProblem({ username: 'admin', password: 'short', confirm: 'short' }, true)).toBe(
      'auth.passwordShort',
    );
    expect(credentialsProblem({ username: 'admin', password: '12345678', confirm: '12345678' }, true)).toBe(
      undefined,
    );
  });

  it('checks the confirmation on setup only, and no length when signing in', () => {
    expect(credentialsProblem({ username: 'admin', password: 'long-enough', confirm: 'other' }, true)).toBe(
      'auth.mismatch',
    );
    expect(credentialsProblem({ username: 'admin', password: 'short' }, false)).toBe(undefined);
  });
});
