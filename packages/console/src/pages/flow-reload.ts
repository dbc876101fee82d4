import type { Flow } from '../flow/flow-model.ts';

/**
 * Whether the editor takes the document it loaded again: only after a rollback, once the loaded version is
 * the one the rollback made (or a later one). Other reloads (after a save, enabling) keep the editor's flow,
 * so nothing typed meanwhile is lost.
 */
export function takesLoaded(rolledBackTo: number | undefined, loaded: number | null): boolean {
  return rolledBackTo !== undefined && loaded !== null && loaded >= rolledBackTo;
}

/** Whether the editor holds edits not yet saved: its flow differs from the one it last loaded or saved. */
export function hasUnsavedEdits(flow: Flow, base: Flow): boolean {
  return flow !== base && JSON.stringify(flow) !== JSON.stringify(base);
}
