import { createRandom, type SeededRandom } from '../../simulator-kit/index.ts';
import { announce } from './instance-events.ts';
import { finishInstance, type SimInstance } from './instance-model.ts';
import type { SimContext } from './sim-context.ts';

/** How an instance ends. */
export type InstanceOutcome = 'agree' | 'refuse' | 'terminate';

/** Starts a new RUNNING instance now and pushes its `start` event. */
export function startInstance(ctx: SimContext, originatorUserId?: string): SimInstance {
  const instance = ctx.store.createLive(ctx.now(), originatorUserId);
  announce(ctx, instance, 'start');
  return instance;
}

/** Ends a RUNNING instance and pushes `finish` (agree/refuse) or `terminate`; undefined when unknown or not running. */
export function endInstance(ctx: SimContext, id: string, outcome: InstanceOutcome): SimInstance | undefined {
  const instance = ctx.store.materialize(id);
  if (instance?.status !== 'RUNNING') return undefined;
  finishInstance(instance, outcome, ctx.now());
  announce(ctx, instance, outcome === 'terminate' ? 'terminate' : 'finish');
  return instance;
}

/**
 * Creates instances continuously at `ratePerSecond`; each ends `finishAfterMs` later (85 % agree,
 * 10 % refuse, 5 % terminate, seeded), so incremental sync and callbacks see a live source.
 */
export class InstanceGenerator {
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly rnd: SeededRandom;
  rate = 0;

  constructor(
    private readonly ctx: SimContext,
    seed: number,
    public finishAfterMs: number,
  ) {
    this.rnd = createRandom(seed ^ 0x9e4);
  }

  /** Starts (or re-paces) generation; a rate ≤ 0 stops it. */
  start(ratePerSecond: number): void {
    this.stop();
    if (!(ratePerSecond > 0)) return;
    this.rate = ratePerSecond;
    this.timer = setInterval(() => this.tick(), Math.max(1, Math.round(1000 / ratePerSecond)));
    this.timer.unref();
  }

  /** Stops creating instances (instances already started still finish). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.rate = 0;
  }

  /** Stops everything, including pending finishes. */
  reset(): void {
    this.stop();
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }

  private tick(): void {
    const instance = startInstance(this.ctx);
    const roll = this.rnd.next();
    const outcome: InstanceOutcome = roll < 0.85 ? 'agree' : roll < 0.95 ? 'refuse' : 'terminate';
    const t = setTimeout(() => {
      this.pending.delete(t);
      endInstance(this.ctx, instance.id, outcome);
    }, this.finishAfterMs);
    t.unref();
    this.pending.add(t);
  }
}
