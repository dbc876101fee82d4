import {
  buildInstance,
  drawHeader,
  type InstanceOutcome,
  indexOfInstanceCode,
  instanceCodeOf,
  mix,
  playApprovals,
  type SimInstance,
} from './instance-model.ts';
import type { FeishuPerson } from './people.ts';

/** A listing query in neutral form (times epoch ms, both ends inclusive). */
export interface InstanceQuery {
  startMs: number;
  endMs: number;
  offset: number;
  limit: number;
}

/**
 * The instances of the one simulated approval definition: `count` seeded instances generated
 * lazily by index (ascending creation time over `spanMs` before `anchorMs`) plus live ones.
 * Only changed or live instances are kept; a small cache holds recently built ones.
 */
export class InstanceStore {
  private readonly changed = new Map<string, SimInstance>();
  private live: SimInstance[] = [];
  private readonly built = new Map<string, SimInstance>();

  constructor(
    readonly seed: number,
    readonly count: number,
    readonly anchorMs: number,
    readonly spanMs: number,
  ) {}

  /** Creation time of seeded instance `index` (non-decreasing in index). */
  createMsOf(index: number): number {
    const jitter = mix(this.seed, index, 0x3c) / 4_294_967_296;
    return this.anchorMs - this.spanMs + Math.floor(((index + jitter) * this.spanMs) / this.count);
  }

  /** The instance with this code, or undefined. */
  get(code: string): SimInstance | undefined {
    const kept = this.changed.get(code);
    if (kept) return kept;
    const index = indexOfInstanceCode(code);
    if (index < 0 || index >= this.count || instanceCodeOf(this.seed, index) !== code) return undefined;
    const cached = this.built.get(code);
    if (cached) return cached;
    const instance = buildInstance(
      this.seed,
      drawHeader(this.seed, index, this.createMsOf(index), this.anchorMs),
    );
    if (this.built.size >= 5000) this.built.delete(this.built.keys().next().value as string);
    this.built.set(code, instance);
    return instance;
  }

  /** Whether the instance is live or changed (its rendering can't be cached by code). */
  isChanged(code: string): boolean {
    return this.changed.has(code);
  }

  /** Creates a PENDING instance now, by `originator` or a seeded random person. */
  createLive(nowMs: number, originator?: FeishuPerson): SimInstance {
    const index = this.count + this.live.length;
    const createMs = Math.max(nowMs, this.live.at(-1)?.createMs ?? 0);
    const header = drawHeader(this.seed, index, createMs, createMs);
    const instance = buildInstance(this.seed, {
      ...header,
      originator: originator ?? header.originator,
      status: 'PENDING',
    });
    this.live.push(instance);
    this.changed.set(instance.code, instance);
    return instance;
  }

  /** Ends a PENDING instance with `outcome` at `atMs`; undefined when unknown or not PENDING. */
  end(code: string, outcome: InstanceOutcome, atMs: number): SimInstance | undefined {
    const instance = this.get(code);
    if (instance?.status !== 'PENDING') return undefined;
    const own = this.changed.get(code) ?? { ...instance };
    playApprovals(own, outcome, Math.max(1000, atMs - own.createMs));
    this.changed.set(code, own);
    this.built.delete(code);
    return own;
  }

  /** One page of codes created in [startMs, endMs] and whether more follow. */
  list(query: InstanceQuery): { codes: string[]; more: boolean } {
    const lo = this.firstIndexAtOrAfter(query.startMs);
    const hi = this.firstIndexAtOrAfter(query.endMs + 1);
    const live = this.live.filter((i) => i.createMs >= query.startMs && i.createMs <= query.endMs);
    const total = hi - lo + live.length;
    const end = Math.min(query.offset + query.limit, total);
    const codes: string[] = [];
    for (let p = query.offset; p < end; p++) {
      codes.push(p < hi - lo ? instanceCodeOf(this.seed, lo + p) : (live[p - (hi - lo)] as SimInstance).code);
    }
    return { codes, more: end < total };
  }

  /** Live and changed instances (for inspection). */
  changedInstances(): SimInstance[] {
    return [...this.changed.values()];
  }

  /** Number of live instances. */
  liveCount(): number {
    return this.live.length;
  }

  /** Forgets live instances and changes. */
  reset(): void {
    this.changed.clear();
    this.built.clear();
    this.live = [];
  }

  private firstIndexAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.createMsOf(mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
