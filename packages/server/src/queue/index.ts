export { createInProcessQueue } from './in-process.ts';
export type { RunQueue } from './port.ts';
