/** A counting semaphore: at most `limit` holders; waiters are served first come, first served. */
export class Semaphore {
  #held = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** How many permits are held. */
  get held(): number {
    return this.#held;
  }

  /** Takes a permit when one is free, without waiting. */
  tryAcquire(): boolean {
    if (this.#held >= this.limit) return false;
    this.#held++;
    return true;
  }

  /** Waits for a permit; resolves with its release function (idempotent). */
  async acquire(): Promise<() => void> {
    if (!this.tryAcquire()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  /** Returns a permit, handing it straight to the next waiter. */
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held--;
  }
}

/** One semaphore per key (e.g. per connection id), created on first use. */
export class KeyedSemaphore {
  readonly #semaphores = new Map<string, Semaphore>();

  constructor(readonly limit: number) {}

  /** Waits for a permit of `key`. */
  acquire(key: string): Promise<() => void> {
    let semaphore = this.#semaphores.get(key);
    if (!semaphore) {
      semaphore = new Semaphore(this.limit);
      this.#semaphores.set(key, semaphore);
    }
    return semaphore.acquire();
  }
}
