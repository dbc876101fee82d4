import { createRandom, type SeededRandom } from '../../simulator-kit/index.ts';
import { beijingDate, buildExpenseForm, type FormWidget } from './expense-form.ts';
import { approversOf, FEISHU_PEOPLE, type FeishuPerson } from './people.ts';

/** Instance statuses the simulator produces (reference §2.2). */
export type InstanceStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELED' | 'DELETED';
/** How a PENDING instance can end. */
export type InstanceOutcome = 'APPROVED' | 'REJECTED' | 'CANCELED';

/** One approval task (task_list). */
export interface SimTask {
  id: string;
  person: FeishuPerson;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'DONE';
  nodeId: string;
  nodeName: string;
  startMs: number;
  endMs?: number;
}

/** One timeline entry. */
export interface SimTimelineEntry {
  type: 'START' | 'PASS' | 'REJECT' | 'CANCEL';
  person: FeishuPerson;
  atMs: number;
  taskId?: string;
  nodeKey?: string;
  comment?: string;
}

/** An approval instance in neutral form (rendered to Feishu's JSON by render.ts). */
export interface SimInstance {
  code: string;
  index: number;
  uuid: string;
  serialNumber: string;
  createMs: number;
  endMs?: number;
  status: InstanceStatus;
  originator: FeishuPerson;
  form: FormWidget[];
  totalCents: number;
  tasks: SimTask[];
  timeline: SimTimelineEntry[];
}

/** The cheap part of a seeded instance (enough to filter a listing). */
export interface InstanceHeader {
  index: number;
  createMs: number;
  originator: FeishuPerson;
  status: InstanceStatus;
  durationMs: number;
  rnd: SeededRandom;
}

const HEX = '0123456789ABCDEF';

/** Mixes seed, index and a salt into a 32-bit PRNG seed. */
export function mix(seed: number, index: number, salt: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The instance code of index `i`: an upper-case UUID whose last group is the index in hex (so lookups need no table). */
export function instanceCodeOf(seed: number, index: number): string {
  const rnd = createRandom(mix(seed, index, 0x1d));
  let tag = '';
  for (let k = 0; k < 20; k++) tag += HEX[rnd.int(0, 15)];
  const tail = index.toString(16).toUpperCase().padStart(12, '0');
  return `${tag.slice(0, 8)}-${tag.slice(8, 12)}-${tag.slice(12, 16)}-${tag.slice(16, 20)}-${tail}`;
}

/** The index encoded in an instance code, or -1 when the code is not of the simulator's form. */
export function indexOfInstanceCode(code: string): number {
  if (!/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(code)) return -1;
  const index = Number.parseInt(code.slice(24), 16);
  return Number.isSafeInteger(index) ? index : -1;
}

/** Draws the header of seeded instance `index`; nothing finishes after `nowMs`. */
export function drawHeader(seed: number, index: number, createMs: number, nowMs: number): InstanceHeader {
  const rnd = createRandom(mix(seed, index, 0x2f));
  const originator = rnd.pick(FEISHU_PEOPLE);
  const roll = rnd.next();
  const durationMs = rnd.int(20 * 60, 72 * 3600) * 1000;
  let status: InstanceStatus =
    roll < 0.08 ? 'PENDING' : roll < 0.13 ? 'CANCELED' : roll < 0.25 ? 'REJECTED' : 'APPROVED';
  if (status !== 'PENDING' && createMs + durationMs > nowMs) status = 'PENDING';
  return { index, createMs, originator, status, durationMs, rnd };
}

/** Builds the full instance of a header (form, tasks, timeline). */
export function buildInstance(seed: number, header: InstanceHeader): SimInstance {
  const { index, createMs, originator, status, rnd } = header;
  const form = buildExpenseForm(rnd, originator, createMs);
  const instance: SimInstance = {
    code: instanceCodeOf(seed, index),
    index,
    uuid: `qiaosim-${seed.toString(36)}-${index.toString(36)}`,
    serialNumber: `${beijingDate(createMs).replace(/-/g, '')}${String(index).padStart(6, '0')}`,
    createMs,
    status,
    originator,
    form: form.widgets,
    totalCents: form.totalCents,
    tasks: [],
    timeline: [],
  };
  playApprovals(instance, status === 'PENDING' ? 'PENDING' : status, header.durationMs);
  return instance;
}

/** Fills tasks and timeline for an outcome: two approvers; the first may reject; the originator may cancel. */
export function playApprovals(instance: SimInstance, outcome: InstanceStatus, durationMs: number): void {
  const [first, second] = approversOf(instance.originator);
  const start = instance.createMs;
  const mid = start + Math.floor(durationMs / 2);
  const end = start + durationMs;
  const taskId = (k: number) => `73${String(instance.index * 4 + k).padStart(17, '0')}`;
  const t1: SimTask = {
    id: taskId(0),
    person: first,
    status: 'PENDING',
    nodeId: 'b078ffd28db767c502ac367053f6e0ac',
    nodeName: '直属上级审批',
    startMs: start,
  };
  instance.tasks = [t1];
  instance.timeline = [{ type: 'START', person: instance.originator, atMs: start }];
  instance.status = outcome;
  delete instance.endMs;
  if (outcome === 'PENDING') return;
  instance.endMs = end;
  if (outcome === 'CANCELED') {
    Object.assign(t1, { status: 'DONE', endMs: end });
    instance.timeline.push({ type: 'CANCEL', person: instance.originator, atMs: end });
    return;
  }
  if (outcome === 'REJECTED') {
    Object.assign(t1, { status: 'REJECTED', endMs: end });
    instance.timeline.push({
      type: 'REJECT',
      person: first,
      atMs: end,
      taskId: t1.id,
      nodeKey: 'APPROVAL_1',
      comment: '发票不全，请补充后重新提交',
    });
    return;
  }
  Object.assign(t1, { status: 'APPROVED', endMs: mid });
  const t2: SimTask = {
    id: taskId(1),
    person: second,
    status: 'APPROVED',
    nodeId: '4c1e6f7b0a2d9e8c3b5a7d6f1e0c2b4a',
    nodeName: '财务审批',
    startMs: mid,
    endMs: end,
  };
  instance.tasks.push(t2);
  instance.timeline.push(
    { type: 'PASS', person: first, atMs: mid, taskId: t1.id, nodeKey: 'APPROVAL_1' },
    { type: 'PASS', person: second, atMs: end, taskId: t2.id, nodeKey: 'APPROVAL_2' },
  );
}
