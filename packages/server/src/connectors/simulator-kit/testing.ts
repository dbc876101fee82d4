import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { RunningSimulator } from './host.ts';

/** What a test needs of a simulator: start it and put it back to its seeded state. */
export interface TestableSimulator {
  start(options?: { port?: number; host?: string }): Promise<RunningSimulator>;
  reset(): void;
}

/** A simulator started for one test file, with the client of the current test. */
export interface SimulatorFixture<S, C> {
  readonly sim: S;
  readonly server: RunningSimulator;
  readonly url: string;
  readonly client: C;
}

/** When the fixture resets the simulator and makes a new client. */
export interface FixtureOptions {
  /** 'each' (default): reset and reconnect before every test; 'once': connect once, never reset. */
  per?: 'each' | 'once';
  /** Runs before the reset of every test (e.g. to wind a test clock back). */
  beforeReset?: () => void;
}

/**
 * Registers vitest hooks that create and start a simulator on 127.0.0.1:0 before the file's tests,
 * close it after them, and (per test by default) reset it and make a client with `connect`.
 */
export function useSimulator<S extends TestableSimulator, C = undefined>(
  create: () => S,
  connect: (url: string, sim: S) => C | Promise<C> = () => undefined as C,
  options: FixtureOptions = {},
): SimulatorFixture<S, C> {
  let state: { sim: S; server: RunningSimulator; client: C | undefined } | undefined;
  const started = () => {
    if (!state) throw new Error('useSimulator: the simulator is used before beforeAll started it');
    return state;
  };
  beforeAll(async () => {
    const sim = create();
    const server = await sim.start();
    state = { sim, server, client: undefined };
    if (options.per === 'once') state.client = await connect(server.url, sim);
  });
  afterAll(() => state?.server.close());
  if (options.per !== 'once') {
    beforeEach(async () => {
      const s = started();
      options.beforeReset?.();
      s.sim.reset();
      s.client = await connect(s.server.url, s.sim);
    });
  }
  return {
    get sim() {
      return started().sim;
    },
    get server() {
      return started().server;
    },
    get url() {
      return started().server.url;
    },
    get client() {
      return started().client as C;
    },
  };
}
