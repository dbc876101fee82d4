import { createRandom, type SeededRandom } from './random.ts';

/** The kinds of fault every simulator can inject. */
export const FAULT_KINDS = [
  'serverError',
  'timeout',
  'rateLimit',
  'tokenExpiry',
  'reset',
  'lostResponse',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Fault settings of one route (or `*` for all): rates are probabilities in [0, 1]. */
export interface RouteFaults {
  latencyMs?: number;
  serverError?: number;
  timeout?: number;
  rateLimit?: number;
  tokenExpiry?: number;
  /** The connection is reset before the request is processed. */
  reset?: number;
  /** The request is processed (the bill is created) and then the connection drops: the response is lost. */
  lostResponse?: number;
}
/** Fault settings by route name (`*` applies to routes without their own entry). */
export type FaultSpec = Record<string, RouteFaults>;

const ALIASES: Record<string, keyof RouteFaults> = {
  latency: 'latencyMs',
  latencyms: 'latencyMs',
  '5xx': 'serverError',
  servererror: 'serverError',
  timeout: 'timeout',
  ratelimit: 'rateLimit',
  tokenexpiry: 'tokenExpiry',
  reset: 'reset',
  lostresponse: 'lostResponse',
};

/**
 * Parses the CLI form `--faults "lostResponse=0.1,5xx=0.05,latency=20,save:timeout=0.01"`:
 * comma-separated `[route:]kind=value`. Throws an Error naming the bad part.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = {};
  for (const raw of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(?:([\w.*/-]+):)?([A-Za-z0-9]+)=([0-9.]+)$/.exec(raw);
    if (!match) throw new Error(`bad fault "${raw}": expected [route:]kind=value, e.g. lostResponse=0.1`);
    const [, route = '*', kindText = '', valueText = ''] = match;
    const key = ALIASES[kindText.toLowerCase()];
    if (!key)
      throw new Error(
        `unknown fault kind "${kindText}" in "${raw}"; known: latency, ${FAULT_KINDS.join(', ')}`,
      );
    const value = Number(valueText);
    if (key !== 'latencyMs' && (value < 0 || value > 1))
      throw new Error(`fault rate in "${raw}" must be between 0 and 1`);
    spec[route] = { ...spec[route], [key]: value };
  }
  return spec;
}

/** Decides, per request, which fault (if any) to inject; counts what it injected. */
export class FaultPlan {
  private spec: FaultSpec;
  private readonly random: SeededRandom;
  /** Faults forced for the next N calls of a route, ahead of the random ones (for tests). */
  private readonly forced = new Map<string, FaultKind[]>();
  readonly injected = new Map<string, number>();

  constructor(spec: FaultSpec = {}, seed = 1) {
    this.spec = spec;
    this.random = createRandom(seed ^ 0x5eed);
  }

  /** Replaces the fault settings. */
  configure(spec: FaultSpec): void {
    this.spec = spec;
  }

  current(): FaultSpec {
    return this.spec;
  }

  /** Forces `kind` on the next `times` calls of `route` (tests use this for exact scenarios). */
  force(route: string, kind: FaultKind, times = 1): void {
    const queue = this.forced.get(route) ?? [];
    for (let i = 0; i < times; i++) queue.push(kind);
    this.forced.set(route, queue);
  }

  /** Latency to add to this call of `route`. */
  latency(route: string): number {
    return (this.spec[route] ?? this.spec['*'])?.latencyMs ?? 0;
  }

  /**
   * Whether this call of `route` can get neither latency nor a fault, and deciding would draw no random
   * number: no forced fault queued, no latency and no non-zero fault rate for the route (or `*`).
   */
  isQuiet(route: string): boolean {
    if ((this.forced.get(route)?.length ?? 0) > 0) return false;
    const faults = this.spec[route] ?? this.spec['*'];
    if (!faults) return true;
    if (faults.latencyMs) return false;
    for (const kind of FAULT_KINDS) if (faults[kind]) return false;
    return true;
  }

  /** The fault to inject into this call of `route`, or null. */
  decide(route: string): FaultKind | null {
    const queue = this.forced.get(route);
    const forced = queue?.shift();
    if (forced) return this.count(route, forced);
    const faults = this.spec[route] ?? this.spec['*'];
    if (!faults) return null;
    for (const kind of FAULT_KINDS) {
      const rate = faults[kind];
      if (rate && this.random.chance(rate)) return this.count(route, kind);
    }
    return null;
  }

  reset(): void {
    this.forced.clear();
    this.injected.clear();
  }

  private count(route: string, kind: FaultKind): FaultKind {
    const key = `${route}:${kind}`;
    this.injected.set(key, (this.injected.get(key) ?? 0) + 1);
    return kind;
  }
}
