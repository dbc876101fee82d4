import { describe, expect, it } from 'vitest';
import { addComment } from './comments.ts';
import { createDingtalkSimulator } from './create-dingtalk-simulator.ts';
import { beijingCompact, beijingDate, legacyTime, v1Time } from './format.ts';
import { finishInstance } from './instance-model.ts';
import { legacyInstanceJson } from './legacy-json.ts';
import { renderLegacyInstance } from './render.ts';
import { SEED_DEPARTMENTS } from './seed-employees.ts';

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2026, 2, 1, 3, 4, 5);

function seededIds(seed: number, instances: number) {
  const sim = createDingtalkSimulator({ seed, instances, anchorTime: ANCHOR, now: () => ANCHOR + DAY });
  const ids = sim.state.store.list({
    startMs: ANCHOR - 90 * DAY,
    endMs: ANCHOR,
    offset: 0,
    limit: 10_000,
  }).ids;
  return { sim, ids };
}

describe('dingtalk simulator read path', () => {
  it('formats times without Date exactly as Date#toISOString does', () => {
    const offset = 8 * 3_600_000;
    const times = [0, -1, -offset, -offset - 1, 951_782_400_000, 4_107_542_400_000, 1_759_450_152_999.5];
    for (let ms = -400 * DAY; ms < 400 * 365 * DAY; ms += 7 * DAY + 3_601_234) times.push(ms);
    for (const ms of times) {
      const iso = new Date(ms + offset).toISOString();
      expect(legacyTime(ms)).toBe(iso.slice(0, 19).replace('T', ' '));
      expect(v1Time(ms)).toBe(`${iso.slice(0, 16)}Z`);
      expect(beijingDate(ms)).toBe(iso.slice(0, 10));
      expect(beijingCompact(ms)).toBe(iso.slice(0, 16).replace(/[-T:]/g, ''));
    }
  });

  it('writes the legacy instance text exactly as JSON.stringify of the rendered object', () => {
    const { sim, ids } = seededIds(3, 600);
    const userid = sim.state.store.get(ids[0] as string)?.originator.userid as string;
    ids.forEach((id, k) => {
      if (k % 3 === 0) {
        const file =
          k % 2
            ? { attachments: [{ file_name: 'a"b.pdf', file_size: '1', file_id: '2', file_type: 'pdf' }] }
            : undefined;
        addComment(sim.state, {
          processInstanceId: id,
          text: `评论 "${k}" \\ \n\u2028`,
          commentUserId: userid,
          file,
          api: 'legacy',
        });
      }
      const instance = k % 5 === 0 ? sim.state.store.materialize(id) : sim.state.store.get(id);
      if (!instance) throw new Error(`no instance ${id}`);
      if (k % 5 === 0 && instance.status === 'RUNNING')
        finishInstance(instance, k % 2 ? 'agree' : 'terminate', ANCHOR);
      expect(legacyInstanceJson(instance)).toBe(JSON.stringify(renderLegacyInstance(instance)));
    });
  });

  it('knows the last record time of an instance without building it, and keeps comments of seeded ones', () => {
    const { sim, ids } = seededIds(5, 500);
    const store = sim.state.store;
    for (const id of ids) expect(store.lastRecordMs(id)).toBe(store.get(id)?.records.at(-1)?.dateMs);
    const other = (ids[0] as string).startsWith('X') ? 'Y' : 'X';
    expect(store.lastRecordMs(`${other}${(ids[0] as string).slice(1)}`)).toBeUndefined();
    const id = ids[10] as string;
    const userid = store.get(id)?.originator.userid as string;
    expect(
      addComment(sim.state, {
        processInstanceId: id,
        text: '一',
        commentUserId: userid,
        file: undefined,
        api: 'legacy',
      }),
    ).toEqual({});
    expect(
      addComment(sim.state, {
        processInstanceId: id,
        text: '二',
        commentUserId: userid,
        file: undefined,
        api: 'v1.0',
      }),
    ).toEqual({});
    expect(store.isChanged(id)).toBe(true);
    expect(
      store
        .get(id)
        ?.records.filter((r) => r.type === 'ADD_REMARK')
        .map((r) => r.remark),
    ).toEqual(['一', '二']);
    expect(store.lastRecordMs(id)).toBe(ANCHOR + DAY);
    expect(store.changedInstances().map((i) => i.id)).toEqual([id]);
    // Materialising keeps the comments; later changes go to the kept copy.
    const kept = store.materialize(id);
    expect(kept?.records.filter((r) => r.type === 'ADD_REMARK')).toHaveLength(2);
    addComment(sim.state, {
      processInstanceId: id,
      text: '三',
      commentUserId: userid,
      file: undefined,
      api: 'legacy',
    });
    expect(store.get(id)).toBe(kept);
    expect(kept?.records.at(-1)?.remark).toBe('三');
    // The unchanged neighbour is not affected, and a reset forgets it all.
    expect(store.get(ids[11] as string)?.records.some((r) => r.type === 'ADD_REMARK')).toBe(false);
    sim.reset();
    expect(store.get(id)?.records.some((r) => r.type === 'ADD_REMARK')).toBe(false);
    expect(store.changedInstances()).toEqual([]);
  });

  it('keeps an instance built only once it is read a second time, and serves the same data either way', () => {
    const { sim, ids } = seededIds(9, 50);
    const store = sim.state.store;
    const id = ids[4] as string;
    const first = store.get(id);
    const second = store.get(id);
    expect(second).not.toBe(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(store.get(id)).toBe(second);
    expect(SEED_DEPARTMENTS.some((d) => d.deptName === first?.originator.deptName)).toBe(true);
  });
});
