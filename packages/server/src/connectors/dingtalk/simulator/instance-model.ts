import { createRandom, type SeededRandom } from '../../simulator-kit/index.ts';
import { buildExpenseForm, type FormComponent } from './expense-form.ts';
import { beijingCompact } from './format.ts';
import { approversOf, DINGTALK_SEED_EMPLOYEES, type SeedEmployee } from './seed-employees.ts';

/** Instance statuses the simulator produces. */
export type InstanceStatus = 'RUNNING' | 'COMPLETED' | 'TERMINATED';
/** Instance results: empty until COMPLETED. */
export type InstanceResult = '' | 'agree' | 'refuse';

/** One operation record (operation_records / operationRecords). */
export interface OperationRecord {
  userid: string;
  dateMs: number;
  type: string;
  result: 'AGREE' | 'REFUSE' | 'NONE';
  remark?: string;
  attachments?: { fileName: string; fileSize: string; fileId: string; fileType: string; spaceId?: string }[];
  photos?: string[];
}

/** One approval task. */
export interface ApprovalTask {
  taskId: number;
  userid: string;
  status: 'NEW' | 'RUNNING' | 'CANCELED' | 'COMPLETED' | 'TERMINATED';
  result: 'AGREE' | 'REFUSE' | 'NONE';
  createMs: number;
  finishMs?: number;
  activityId: string;
}

/** An approval instance, generation-neutral (routes render it to the legacy or v1.0 shape). */
export interface SimInstance {
  id: string;
  index: number;
  processCode: string;
  title: string;
  businessId: string;
  createMs: number;
  finishMs?: number;
  status: InstanceStatus;
  result: InstanceResult;
  originator: SeedEmployee;
  approverUserIds: string[];
  form: FormComponent[];
  totalCents: number;
  records: OperationRecord[];
  tasks: ApprovalTask[];
}

/** The cheap part of a seeded instance (used to filter listings without building forms). */
export interface InstanceHeader {
  index: number;
  createMs: number;
  originator: SeedEmployee;
  status: InstanceStatus;
  result: InstanceResult;
  durationMs: number;
  rnd: SeededRandom;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The instance id of index `i`: 14 seeded chars, the index in base 36 (8), `0404`, Unix seconds (10) — 36 chars. */
export function instanceIdOf(seed: number, index: number, createMs: number): string {
  const rnd = createRandom(mix(seed, index, 0x1d));
  let tag = '';
  for (let k = 0; k < 14; k++) tag += ID_ALPHABET[rnd.int(0, 63)];
  return `${tag}${index.toString(36).padStart(8, '0')}0404${String(Math.floor(createMs / 1000)).padStart(10, '0')}`;
}

/** The index encoded in an instance id, or -1 when the id is not of the simulator's form. */
export function indexOfInstanceId(id: string): number {
  if (id.length !== 36 || id.slice(22, 26) !== '0404') return -1;
  const index = Number.parseInt(id.slice(14, 22), 36);
  return Number.isSafeInteger(index) && index >= 0 ? index : -1;
}

/** Mixes seed and index into a 32-bit PRNG seed. */
export function mix(seed: number, index: number, salt: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Draws the header of seeded instance `index` created at `createMs`, clipped so nothing finishes after `nowMs`. */
export function drawHeader(seed: number, index: number, createMs: number, nowMs: number): InstanceHeader {
  const rnd = createRandom(mix(seed, index, 0x2f));
  const originator = rnd.pick(DINGTALK_SEED_EMPLOYEES);
  const roll = rnd.next();
  const durationMs = rnd.int(20 * 60, 72 * 3600) * 1000;
  let status: InstanceStatus = roll < 0.08 ? 'RUNNING' : roll < 0.13 ? 'TERMINATED' : 'COMPLETED';
  const result: InstanceResult = status !== 'COMPLETED' ? '' : roll < 0.25 ? 'refuse' : 'agree';
  if (status !== 'RUNNING' && createMs + durationMs > nowMs) status = 'RUNNING';
  return {
    index,
    createMs,
    originator,
    status,
    result: status === 'COMPLETED' ? result : '',
    durationMs,
    rnd,
  };
}

/** Builds the full instance of a header (form, tasks, operation records). */
export function buildInstance(seed: number, processCode: string, header: InstanceHeader): SimInstance {
  const { index, createMs, originator, status, result, rnd } = header;
  const id = instanceIdOf(seed, index, createMs);
  const form = buildExpenseForm(rnd, originator, createMs, id);
  const approvers = approversOf(originator);
  const finishMs = status === 'RUNNING' ? undefined : createMs + header.durationMs;
  const instance: SimInstance = {
    id,
    index,
    processCode,
    title: `${originator.name}提交的费用报销`,
    businessId: `${beijingCompact(createMs)}${String(index).padStart(9, '0')}`,
    createMs,
    status,
    result,
    originator,
    approverUserIds: approvers.map((a) => a.userid),
    form: form.components,
    totalCents: form.totalCents,
    records: [
      { userid: originator.userid, dateMs: createMs, type: 'START_PROCESS_INSTANCE', result: 'NONE' },
    ],
    tasks: [],
  };
  if (finishMs !== undefined) instance.finishMs = finishMs;
  playApprovals(instance, approvers, header.durationMs);
  return instance;
}

/** Fills tasks and records from the instance's status: two approvers, the first may refuse. */
function playApprovals(instance: SimInstance, approvers: SeedEmployee[], durationMs: number): void {
  const [first, second] = approvers as [SeedEmployee, SeedEmployee];
  const start = instance.createMs;
  const mid = start + Math.floor(durationMs / 2);
  const end = start + durationMs;
  const t1 = newTask(instance.index, 0, first, start);
  instance.tasks.push(t1);
  if (instance.status === 'TERMINATED') {
    t1.status = 'CANCELED';
    t1.finishMs = end;
    instance.records.push({
      userid: instance.originator.userid,
      dateMs: end,
      type: 'TERMINATE_PROCESS_INSTANCE',
      result: 'NONE',
      remark: '撤销',
    });
    return;
  }
  if (instance.status === 'COMPLETED' && instance.result === 'refuse') {
    t1.status = 'COMPLETED';
    t1.result = 'REFUSE';
    t1.finishMs = end;
    instance.records.push({
      userid: first.userid,
      dateMs: end,
      type: 'EXECUTE_TASK_NORMAL',
      result: 'REFUSE',
      remark: '发票不全，请补充后重新提交',
    });
    return;
  }
  if (instance.status === 'RUNNING') return;
  t1.status = 'COMPLETED';
  t1.result = 'AGREE';
  t1.finishMs = mid;
  instance.records.push({ userid: first.userid, dateMs: mid, type: 'EXECUTE_TASK_NORMAL', result: 'AGREE' });
  const t2 = newTask(instance.index, 1, second, mid);
  t2.status = 'COMPLETED';
  t2.result = 'AGREE';
  t2.finishMs = end;
  instance.tasks.push(t2);
  instance.records.push({ userid: second.userid, dateMs: end, type: 'EXECUTE_TASK_NORMAL', result: 'AGREE' });
}

/** Approval task `k` (0 or 1) of instance `index`, RUNNING (a plain function: no closure per instance). */
function newTask(index: number, k: number, who: SeedEmployee, createMs: number): ApprovalTask {
  return {
    taskId: 60_000_000_000 + index * 4 + k,
    userid: who.userid,
    status: 'RUNNING',
    result: 'NONE',
    createMs,
    activityId: k === 0 ? '4a6b_0c1d' : '9e2f_3a4b',
  };
}

/** Moves a RUNNING instance to its end: `agree`/`refuse` completes it, `terminate` withdraws it. */
export function finishInstance(
  instance: SimInstance,
  outcome: 'agree' | 'refuse' | 'terminate',
  atMs: number,
): void {
  const durationMs = Math.max(1000, atMs - instance.createMs);
  instance.tasks = [];
  instance.records = instance.records.filter(
    (r) => r.type !== 'EXECUTE_TASK_NORMAL' && r.type !== 'TERMINATE_PROCESS_INSTANCE',
  );
  instance.status = outcome === 'terminate' ? 'TERMINATED' : 'COMPLETED';
  instance.result = outcome === 'terminate' ? '' : outcome;
  instance.finishMs = instance.createMs + durationMs;
  const approvers = approversOf(instance.originator);
  const remarks = instance.records.filter((r) => r.type === 'ADD_REMARK');
  instance.records = instance.records.filter((r) => r.type !== 'ADD_REMARK');
  playApprovals(instance, approvers, durationMs);
  instance.records.push(...remarks);
  instance.records.sort((a, b) => a.dateMs - b.dateMs);
}
