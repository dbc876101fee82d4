import { describe, expect, it } from 'vitest';
import { createReadFeed } from './read-feed.ts';

describe('read feed', () => {
  it('wakes a waiting writer at the next page and not before', async () => {
    const feed = createReadFeed();
    const seen = feed.version;
    let woken = false;
    const waiting = feed.changed(seen).then(() => {
      woken = true;
    });
    await Promise.resolve();
    expect(woken).toBe(false);
    feed.notify();
    await waiting;
    expect(woken).toBe(true);
    expect(feed.version).toBe(seen + 1);
  });

  it('does not wait when a page came in since the writer looked', async () => {
    const feed = createReadFeed();
    const seen = feed.version;
    feed.notify();
    await expect(feed.changed(seen)).resolves.toBeUndefined();
  });

  it('resolves every wait at the end and tells whether reading failed', async () => {
    const feed = createReadFeed();
    const waits = [feed.changed(feed.version), feed.changed(feed.version)];
    feed.finish(true);
    await Promise.all(waits);
    expect(feed.done).toBe(true);
    expect(feed.failed).toBe(true);
    await expect(feed.changed(feed.version)).resolves.toBeUndefined();
  });
});
