import { createHash } from 'node:crypto';
import { SEED_EMPLOYEES, type SeedEmployee } from '../../shared-seed/employees.ts';

/** A shared seed employee as Feishu identifies them: `user_id` (= 工号), `open_id`, `department_id`. */
export interface FeishuPerson {
  employee: SeedEmployee;
  /** Tenant-defined user id; the simulated tenant uses the 工号 (the K3Cloud employee FNumber). */
  userId: string;
  openId: string;
  departmentId: string;
}

const hex = (text: string) => createHash('md5').update(text).digest('hex');

/** The 50 shared employees (src/connectors/shared-seed) with their Feishu ids, in seed order. */
export const FEISHU_PEOPLE: readonly FeishuPerson[] = SEED_EMPLOYEES.map((employee) => ({
  employee,
  userId: employee.jobNumber,
  openId: `ou_${hex(`open:${employee.userid}`)}`,
  departmentId: `od-${hex(`dept:${employee.deptNumber}`)}`,
}));

const BY_USER_ID = new Map(FEISHU_PEOPLE.map((p) => [p.userId, p]));
const BY_OPEN_ID = new Map(FEISHU_PEOPLE.map((p) => [p.openId, p]));

/** Finds a person by `user_id` or `open_id` (as `user_id_type` says). */
export function findPerson(id: string, type: 'user_id' | 'open_id' = 'user_id'): FeishuPerson | undefined {
  return type === 'open_id' ? BY_OPEN_ID.get(id) : BY_USER_ID.get(id);
}

/** The two approvers of an originator: a colleague of the same department, then the finance reviewer. */
export function approversOf(originator: FeishuPerson): [FeishuPerson, FeishuPerson] {
  const i = FEISHU_PEOPLE.indexOf(originator);
  const colleague = FEISHU_PEOPLE[(i + 8) % FEISHU_PEOPLE.length] as FeishuPerson;
  const finance = FEISHU_PEOPLE[i === 1 ? 9 : 1] as FeishuPerson;
  return [colleague, finance];
}
