import type { EngineEmitter, EngineEvents } from '../runs/index.ts';
import type { Logger } from './logger.ts';

type Listener<K extends keyof EngineEvents> = (...args: EngineEvents[K]) => void;

/** Logs the engine's run lifecycle as structured lines; returns a function that stops logging. */
export function logEngineEvents(events: EngineEmitter, logger: Logger): () => void {
  const started: Listener<'run:started'> = ({ run }) =>
    logger.info({ runId: run.id, kind: run.flowKind, flow: run.flowId, attempt: run.attempt }, 'run started');
  const retrying: Listener<'run:retrying'> = ({ run }) =>
    logger.warn(
      { runId: run.id, flow: run.flowId, attempt: run.attempt, notBefore: run.notBefore, error: run.error },
      'run retrying',
    );
  const finished: Listener<'run:finished'> = ({ run }) => {
    const durationMs =
      run.finishedAt !== null && run.startedAt !== null ? run.finishedAt - run.startedAt : undefined;
    const fields = {
      runId: run.id,
      kind: run.flowKind,
      flow: run.flowId,
      status: run.status,
      durationMs,
      stats: run.stats,
    };
    if (run.status === 'failed') logger.error({ ...fields, error: run.error }, 'run failed');
    else logger.info(fields, `run ${run.status}`);
  };
  const failed: Listener<'engine:error'> = ({ error }) =>
    logger.error(
      { err: error instanceof Error ? { message: error.message, stack: error.stack } : error },
      'engine error',
    );
  events.on('run:started', started);
  events.on('run:retrying', retrying);
  events.on('run:finished', finished);
  events.on('engine:error', failed);
  return () => {
    events.off('run:started', started);
    events.off('run:retrying', retrying);
    events.off('run:finished', finished);
    events.off('engine:error', failed);
  };
}
