import { describe, expect, it } from 'vitest';
import { createReadFeed } from './read-feed.ts';

/** Whether a promise has settled after the pending microtasks ran. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
}

describe('read feed', () => {
  it('wakes a waiting writer only once enough rows were added', async () => {
    const feed = createReadFeed();
    const waiting = feed.changed(feed.added, 5);
    feed.notify(3);
    expect(await settled(waiting)).toBe(false);
    feed.notify(2);
    expect(await settled(waiting)).toBe(true);
    expect(feed.added).toBe(5);
  });

  it('does not wait when the rows came in since the writer looked', async () => {
    const feed = createReadFeed();
    const seen = feed.added;
    feed.notify(4);
    expect(await settled(feed.changed(seen, 4))).toBe(true);
    expect(await settled(feed.changed(seen, 5))).toBe(false);
  });

  it('resolves every wait at the end and tells whether reading failed', async () => {
    const feed = createReadFeed();
    const waits = [feed.changed(0, 50), feed.changed(0, 1)];
    feed.finish(true);
    await Promise.all(waits);
    expect(feed.done).toBe(true);
    expect(feed.failed).toBe(true);
    expect(await settled(feed.changed(feed.added, 100))).toBe(true);
  });
});
