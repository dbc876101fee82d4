import {
  buildInstance,
  drawHeader,
  type InstanceStatus,
  indexOfInstanceId,
  instanceIdOf,
  mix,
  type SimInstance,
} from './instance-model.ts';
import { DINGTALK_SEED_EMPLOYEES, findSeedEmployee } from './seed-employees.ts';

/** A listids query in neutral form (times in epoch ms, end inclusive). */
export interface InstanceQuery {
  startMs: number;
  endMs: number;
  userIds?: string[];
  statuses?: string[];
  offset: number;
  limit: number;
}

/** The most ids one listing query can page through (reference §3.1). */
export const MAX_IDS_PER_QUERY = 10_000;

/**
 * The instances of the simulated process: `count` seeded instances generated lazily by index
 * (spread over `spanMs` before `anchorMs`, ascending create time), plus live ones created later.
 * Instances that change (comments, finishing) are materialised and kept; the rest cost nothing.
 */
export class InstanceStore {
  private readonly changed = new Map<string, SimInstance>();
  private live: SimInstance[] = [];
  /** Recently built seeded instances (building one costs ~50 µs; reads repeat). */
  private readonly built = new Map<string, SimInstance>();

  constructor(
    readonly seed: number,
    readonly processCode: string,
    readonly count: number,
    readonly anchorMs: number,
    readonly spanMs: number,
  ) {}

  /** Create time of seeded instance `index` (whole seconds, non-decreasing in index). */
  createMsOf(index: number): number {
    const jitter = mix(this.seed, index, 0x3c) / 4_294_967_296;
    const ms = this.anchorMs - this.spanMs + Math.floor(((index + jitter) * this.spanMs) / this.count);
    return Math.floor(ms / 1000) * 1000;
  }

  /** The instance with this id (built on demand for unchanged seeded ones), or undefined. */
  get(id: string): SimInstance | undefined {
    const kept = this.changed.get(id);
    if (kept) return kept;
    // Only validated ids are ever built, so a cache hit needs no re-validation.
    const hit = this.built.get(id);
    if (hit) return hit;
    const index = indexOfInstanceId(id);
    if (index < 0 || index >= this.count) return undefined;
    const createMs = this.createMsOf(index);
    if (instanceIdOf(this.seed, index, createMs) !== id) return undefined;
    const instance = buildInstance(
      this.seed,
      this.processCode,
      drawHeader(this.seed, index, createMs, this.anchorMs),
    );
    if (this.built.size >= 5000) this.built.delete(this.built.keys().next().value as string);
    this.built.set(id, instance);
    return instance;
  }

  /** Whether the instance was created live or changed (and so must be rendered afresh). */
  isChanged(id: string): boolean {
    return this.changed.has(id);
  }

  /** The instance with this id, kept so that changes to it persist. */
  materialize(id: string): SimInstance | undefined {
    const instance = this.get(id);
    if (instance) this.changed.set(id, instance);
    return instance;
  }

  /** Creates a new RUNNING instance at `nowMs` (by `originatorUserId` or a seeded random employee). */
  createLive(nowMs: number, originatorUserId?: string): SimInstance {
    const index = this.count + this.live.length;
    const createMs = Math.max(Math.floor(nowMs / 1000) * 1000, this.live.at(-1)?.createMs ?? 0);
    const header = drawHeader(this.seed, index, createMs, createMs);
    const chosen = originatorUserId ? findSeedEmployee(originatorUserId) : undefined;
    const instance = buildInstance(this.seed, this.processCode, {
      ...header,
      originator: chosen ?? header.originator,
      status: 'RUNNING',
      result: '',
    });
    this.live.push(instance);
    this.changed.set(instance.id, instance);
    return instance;
  }

  /** One page of ids matching `query` and whether more exist (capped at MAX_IDS_PER_QUERY). */
  list(query: InstanceQuery): { ids: string[]; more: boolean } {
    const lo = this.firstIndexAtOrAfter(query.startMs);
    const hi = this.firstIndexAtOrAfter(query.endMs + 1);
    const live = this.live.filter((i) => i.createMs >= query.startMs && i.createMs <= query.endMs);
    const end = Math.min(query.offset + query.limit, MAX_IDS_PER_QUERY);
    const filtered = (query.userIds?.length ?? 0) > 0 || (query.statuses?.length ?? 0) > 0;
    if (!filtered) {
      const total = Math.min(hi - lo + live.length, MAX_IDS_PER_QUERY);
      const ids: string[] = [];
      for (let p = query.offset; p < Math.min(end, total); p++) {
        ids.push(
          p < hi - lo
            ? instanceIdOf(this.seed, lo + p, this.createMsOf(lo + p))
            : (live[p - (hi - lo)] as SimInstance).id,
        );
      }
      return { ids, more: end < total };
    }
    return this.scanFiltered(query, lo, hi, live, end);
  }

  /** Instances created or changed since start (for inspection). */
  changedInstances(): SimInstance[] {
    return [...this.changed.values()];
  }

  /** Number of live (generated after start) instances. */
  liveCount(): number {
    return this.live.length;
  }

  /** Forgets live instances and every change. */
  reset(): void {
    this.changed.clear();
    this.built.clear();
    this.live = [];
  }

  private scanFiltered(
    query: InstanceQuery,
    lo: number,
    hi: number,
    live: SimInstance[],
    end: number,
  ): { ids: string[]; more: boolean } {
    const users = new Set(query.userIds ?? []);
    const statuses = new Set(query.statuses ?? []);
    const matches = (userid: string, status: InstanceStatus): boolean =>
      (users.size === 0 || users.has(userid)) && (statuses.size === 0 || statuses.has(status));
    const ids: string[] = [];
    let seen = 0;
    const take = (id: string): boolean => {
      if (seen >= query.offset && seen < end) ids.push(id);
      seen++;
      return seen > end;
    };
    for (let index = lo; index < hi; index++) {
      const createMs = this.createMsOf(index);
      const header = drawHeader(this.seed, index, createMs, this.anchorMs);
      const id = instanceIdOf(this.seed, index, createMs);
      const kept = this.changed.get(id);
      if (matches(header.originator.userid, kept?.status ?? header.status) && take(id))
        return { ids, more: end < MAX_IDS_PER_QUERY };
    }
    for (const instance of live) {
      if (matches(instance.originator.userid, instance.status) && take(instance.id))
        return { ids, more: end < MAX_IDS_PER_QUERY };
    }
    return { ids, more: false };
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

/** Every seeded userid (for validating `userid_list`). */
export const KNOWN_USER_IDS: ReadonlySet<string> = new Set(DINGTALK_SEED_EMPLOYEES.map((e) => e.userid));
