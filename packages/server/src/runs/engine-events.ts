import { EventEmitter } from 'node:events';
import type { JsonValue } from '../json.ts';
import type { RunRecord, StepRecord } from '../store/port.ts';

/** What the engine tells listeners (tests, the API, the CLI), always after the fact is persisted. */
export interface EngineEvents {
  'run:enqueued': [{ runId: string }];
  'run:started': [{ run: RunRecord }];
  /** A step attempt with an outside effect is about to run (its `running` record is committed). */
  'step:started': [{ runId: string; step: StepRecord }];
  /** A step attempt ended (succeeded, failed or skipped) and its record is committed. */
  'step:finished': [{ runId: string; step: StepRecord }];
  'run:responded': [{ runId: string; response: { status: number; body: JsonValue } }];
  'run:retrying': [{ run: RunRecord }];
  /**
   * A run waits for its flow's slot (every slot is held by another running run): its `waitingSince`
   * is committed. Once per wait: `runToCompletion` announces its own wait, the worker loop a new mark.
   */
  'run:waiting': [{ runId: string }];
  'run:released': [{ runId: string }];
  'run:finished': [{ run: RunRecord }];
  'engine:error': [{ error: unknown }];
}

/** The engine's typed event emitter. */
export class EngineEmitter extends EventEmitter<EngineEvents> {
  constructor() {
    super();
    // Many webhook requests may wait on runs at once.
    this.setMaxListeners(0);
  }
}
