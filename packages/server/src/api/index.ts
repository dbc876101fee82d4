export type { ApiDeps, ApiOptions } from './api-deps.ts';
export type { ApiEnv, ApiUser } from './api-env.ts';
export { type ApiErrorBody, handleError, statusOf } from './api-error.ts';
export { createApi } from './create-api.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export type { ApiApp } from './route-kit.ts';
export { type ApiServer, startApiServer } from './start-api-server.ts';
