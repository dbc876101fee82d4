import { describe, expect, it } from 'vitest';
import { createInProcessQueue } from './in-process.ts';

describe('in-process queue', () => {
  it('delivers announcements to subscribers until they unsubscribe', async () => {
    const queue = createInProcessQueue();
    const seen: string[] = [];
    const unsubscribe = queue.subscribe((id) => seen.push(id));
    const first = new Promise<string>((resolve) => queue.subscribe(resolve));
    await queue.notify('r1');
    expect(await first).toBe('r1');
    unsubscribe();
    await queue.notify('r2');
    await Promise.resolve();
    expect(seen).toEqual(['r1']);
    await queue.close();
  });

  it('delays an announcement until its time', async () => {
    const queue = createInProcessQueue();
    const got = new Promise<number>((resolve) => queue.subscribe(() => resolve(Date.now())));
    const at = Date.now() + 20;
    await queue.notify('r', at);
    expect(await got).toBeGreaterThanOrEqual(at - 1);
    await queue.close();
  });
});
