import {
  buildInstance,
  drawHeader,
  type InstanceStatus,
  indexOfInstanceId,
  instanceIdOf,
  mix,
  type OperationRecord,
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

/** Seeded instances kept built once read twice (a hot set of 1,000 reads stays built). */
const BUILT_CACHE_SIZE = 1024;
/** How many read-once ids are remembered (to spot a second read). */
const READ_ONCE_SIZE = 8192;

/** The most ids one listing query can page through (reference §3.1). */
export const MAX_IDS_PER_QUERY = 10_000;

/**
 * The instances of the simulated process: `count` seeded instances generated lazily by index
 * (spread over `spanMs` before `anchorMs`, ascending create time), plus live ones created later.
 * Instances that change (finishing, live ones) are materialised and kept; a seeded instance that only got
 * comments keeps just those records (a few hundred bytes instead of the whole instance); the rest cost nothing.
 */
export class InstanceStore {
  private readonly changed = new Map<string, SimInstance>();
  /** Records appended (comments) to seeded instances that are otherwise unchanged, by id. */
  private readonly appended = new Map<string, OperationRecord[]>();
  private live: SimInstance[] = [];
  /**
   * Recently built seeded instances, never modified (reads repeat; a comment follows its read). Kept
   * small: what it holds survives young-generation collections, which is most of their cost.
   */
  private readonly built = new Map<string, SimInstance>();
  /** Ids of seeded instances read once and not kept built (a second read keeps them). */
  private readonly readOnce = new Set<string>();
  /** The id `indexOfSeeded` checked last, and its answer. */
  private lastCheckedId = '';
  private lastCheckedIndex = -1;

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

  /** The instance with this id (built on demand for unchanged seeded ones), or undefined. Read-only. */
  get(id: string): SimInstance | undefined {
    const kept = this.changed.get(id);
    if (kept) return kept;
    const seeded = this.seeded(id);
    const extra = seeded && this.appended.get(id);
    return extra ? { ...seeded, records: [...seeded.records, ...extra] } : seeded;
  }

  /**
   * The seeded instance with this id as generated (shared, never modified), or undefined. An instance
   * is kept built only from its second read on: a sync reads each instance once, and keeping those
   * would carry them (and their rendered answers) into the old generation for nothing.
   */
  private seeded(id: string): SimInstance | undefined {
    // Only validated ids are ever built, so a cache hit needs no re-validation.
    const hit = this.built.get(id);
    if (hit) return hit;
    const index = this.indexOfSeeded(id);
    if (index < 0) return undefined;
    const createMs = this.createMsOf(index);
    const instance = buildInstance(
      this.seed,
      this.processCode,
      drawHeader(this.seed, index, createMs, this.anchorMs),
    );
    if (!this.readOnce.has(id)) {
      if (this.readOnce.size >= READ_ONCE_SIZE) this.readOnce.clear();
      this.readOnce.add(id);
      return instance;
    }
    this.readOnce.delete(id);
    if (this.built.size >= BUILT_CACHE_SIZE) this.built.delete(this.built.keys().next().value as string);
    this.built.set(id, instance);
    return instance;
  }

  /** The index of the seeded instance with this id, or -1 when the id is not one. */
  private indexOfSeeded(id: string): number {
    // A comment asks twice for the same id (lastRecordMs, then appendRecord); the answer never changes.
    if (id === this.lastCheckedId) return this.lastCheckedIndex;
    const decoded = indexOfInstanceId(id);
    const index =
      decoded >= 0 &&
      decoded < this.count &&
      instanceIdOf(this.seed, decoded, this.createMsOf(decoded)) === id
        ? decoded
        : -1;
    this.lastCheckedId = id;
    this.lastCheckedIndex = index;
    return index;
  }

  /**
   * The time of the instance's last operation record, or undefined when there is no such instance —
   * what a comment needs, found without building a seeded instance (its records end at its finish).
   */
  lastRecordMs(id: string): number | undefined {
    const kept = this.changed.get(id) ?? this.built.get(id);
    if (kept) return (this.appended.get(id)?.at(-1) ?? kept.records.at(-1))?.dateMs;
    const index = this.indexOfSeeded(id);
    if (index < 0) return undefined;
    const appended = this.appended.get(id)?.at(-1);
    if (appended) return appended.dateMs;
    const createMs = this.createMsOf(index);
    const header = drawHeader(this.seed, index, createMs, this.anchorMs);
    return header.status === 'RUNNING' ? createMs : createMs + header.durationMs;
  }

  /** Whether the seeded instance with this id is kept built (read more than once), so worth caching renders of. */
  isKept(id: string): boolean {
    return this.built.has(id);
  }

  /** Whether the instance was created live or changed (and so must be rendered afresh). */
  isChanged(id: string): boolean {
    return this.changed.has(id) || this.appended.has(id);
  }

  /** The instance with this id, kept (as its own copy) so that changes made to it persist. */
  materialize(id: string): SimInstance | undefined {
    const kept = this.changed.get(id);
    if (kept) return kept;
    const instance = this.get(id);
    if (!instance) return undefined;
    const own: SimInstance = {
      ...instance,
      approverUserIds: [...instance.approverUserIds],
      records: instance.records.map((r) => ({ ...r })),
      tasks: instance.tasks.map((t) => ({ ...t })),
    };
    this.changed.set(id, own);
    this.appended.delete(id);
    return own;
  }

  /** Appends an operation record (a comment) to an existing instance; false when there is none. */
  appendRecord(id: string, record: OperationRecord): boolean {
    const kept = this.changed.get(id);
    if (kept) {
      kept.records.push(record);
      return true;
    }
    if (!this.built.has(id) && this.indexOfSeeded(id) < 0) return false;
    const extra = this.appended.get(id);
    if (extra) extra.push(record);
    else this.appended.set(id, [record]);
    return true;
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
    const commented = [...this.appended.keys()].map((id) => this.get(id) as SimInstance);
    return [...this.changed.values(), ...commented];
  }

  /** Number of live (generated after start) instances. */
  liveCount(): number {
    return this.live.length;
  }

  /** Forgets live instances and every change. */
  reset(): void {
    this.changed.clear();
    this.appended.clear();
    this.built.clear();
    this.readOnce.clear();
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
