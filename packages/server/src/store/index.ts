export { type CreateStoreOptions, createStore, kyselyOf } from './create-store.ts';
export * from './port.ts';
export type { Database } from './tables.ts';
