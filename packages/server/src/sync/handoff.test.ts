import { describe, expect, it } from 'vitest';
import { createRecordHandoff } from './handoff.ts';

describe('record hand-off', () => {
  it('keeps sources and payloads of at most `limit` records, dropping the oldest', () => {
    const handoff = createRecordHandoff(3);
    for (const key of ['a', 'b', 'c', 'd']) handoff.put(key, { key });
    expect(handoff.size).toBe(3);
    expect(handoff.get('a')).toBeUndefined();
    handoff.setPayload('b', { FBillNo: 'b' });
    handoff.setPayload('zz', { FBillNo: 'zz' });
    expect(handoff.get('b')).toEqual({ source: { key: 'b' }, payload: { FBillNo: 'b' } });
    expect(handoff.get('zz')).toBeUndefined();
    handoff.release(['b', 'c']);
    expect(handoff.size).toBe(1);
  });

  it('paces the reader by what the writer has not taken yet, until it closes', async () => {
    const handoff = createRecordHandoff(4, true);
    handoff.put('a', 1);
    let free = false;
    void handoff.room().then(() => {
      free = true;
    });
    await Promise.resolve();
    expect(free).toBe(true);
    handoff.put('b', 2);
    const waiting = handoff.room();
    let woke = false;
    void waiting.then(() => {
      woke = true;
    });
    await Promise.resolve();
    expect(woke).toBe(false);
    handoff.take(['a']);
    await waiting;
    expect(woke).toBe(true);
    handoff.put('c', 3);
    handoff.put('x', 0);
    const stale = handoff.room();
    handoff.take();
    await stale;
    handoff.put('y', 0);
    handoff.put('z', 0);
    const blocked = handoff.room();
    handoff.close();
    await blocked;
    handoff.put('d', 4);
    handoff.put('e', 5);
    await handoff.room();
  });

  it('never paces without `pace`', async () => {
    const handoff = createRecordHandoff(2);
    for (const key of ['a', 'b', 'c']) handoff.put(key, key);
    await handoff.room();
    expect(handoff.size).toBe(2);
  });
});
