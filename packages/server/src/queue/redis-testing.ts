import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** An environment variable the integration tests need; missing → the test fails (never skips). */
export function requiredEnv(name: 'REDIS_URL' | 'DATABASE_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the cluster integration tests need it`);
  return value;
}

/** A key prefix no other test (or process) uses. */
export function uniquePrefix(name: string): string {
  return `qiao-test:${name}:${process.pid}-${randomBytes(3).toString('hex')}:`;
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A connection to the test Redis. */
export function testRedis(): Redis {
  return new Redis(requiredEnv('REDIS_URL'), { maxRetriesPerRequest: 2 });
}

/** The Redis side of an integration test file: one connection, fresh key prefixes and child processes. */
export interface RedisTestSpace {
  readonly redis: Redis;
  /** Child processes the test started; `stopChildren` stops them. */
  readonly children: TestChild[];
  /** A key prefix no other test uses; `dropPrefixes` deletes its keys. */
  prefix(name: string): string;
  stopChildren(): Promise<void>;
  dropPrefixes(): Promise<void>;
  /** After each test: stops the children, then drops the prefixes. */
  cleanUp(): Promise<void>;
}

/** Opens the test Redis and tracks what each test makes there, so an `afterEach` can clean it up. */
export function createRedisTestSpace(): RedisTestSpace {
  const redis = testRedis();
  const prefixes: string[] = [];
  const children: TestChild[] = [];
  const stopChildren = async () => {
    await Promise.all(children.splice(0).map(stopChild));
  };
  const dropPrefixes = async () => {
    for (const p of prefixes.splice(0)) await dropPrefix(redis, p);
  };
  return {
    redis,
    children,
    prefix(name) {
      const value = uniquePrefix(name);
      prefixes.push(value);
      return value;
    },
    stopChildren,
    dropPrefixes,
    cleanUp: async () => {
      await stopChildren();
      await dropPrefixes();
    },
  };
}

/** A message a child process sends over IPC. */
export type ChildMessage = { type: string; [field: string]: unknown };

/** A TypeScript child process with IPC: collects its messages and waits on them without sleeping. */
export interface TestChild {
  readonly process: ChildProcess;
  readonly messages: ChildMessage[];
  /** Resolves with the first message (already received or future) that matches. */
  waitFor(match: (message: ChildMessage) => boolean): Promise<ChildMessage>;
  /** Resolves when the child has exited. */
  exited: Promise<number | null>;
  send(message: ChildMessage): void;
}

/** Forks `script` (a .ts file run through tsx) with `config` as its JSON argument. */
export function startChild(script: string, config: unknown): TestChild {
  const child = fork(script, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: ChildMessage[] = [];
  const watchers = new Set<{ match: (m: ChildMessage) => boolean; resolve: (m: ChildMessage) => void }>();
  child.on('message', (raw) => {
    const message = raw as ChildMessage;
    messages.push(message);
    for (const watcher of watchers) {
      if (!watcher.match(message)) continue;
      watchers.delete(watcher);
      watcher.resolve(message);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    messages,
    exited,
    send: (message) => child.send(message),
    waitFor(match) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        watchers.add({ match, resolve });
        void exited.then((code) => reject(new Error(`child exited (${code}) before the awaited message`)));
      });
    },
  };
}

/** Ends a child: asks it to stop, and kills it if it is still there when the test is over. */
export async function stopChild(child: TestChild): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  if (child.process.connected) child.send({ type: 'stop' });
  else child.process.kill('SIGKILL');
  await child.exited;
}
