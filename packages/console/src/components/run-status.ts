/** Run statuses that may still change. */
const LIVE = new Set(['queued', 'running', 'retrying']);

/**
 * The status a run is shown with: `waiting` while a worker holds it but another run of its flow or sync
 * holds the slot (`waitingSince` from the server: it has not started), else its own status.
 */
export function runDisplayStatus(run: { status: string; waitingSince?: number | null }): string {
  return LIVE.has(run.status) && typeof run.waitingSince === 'number' ? 'waiting' : run.status;
}
