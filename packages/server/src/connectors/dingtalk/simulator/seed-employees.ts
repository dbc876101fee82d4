import { DINGTALK_SEED_EMPLOYEES, SEED_DEPARTMENTS, type SeedEmployee } from '../../shared-seed/employees.ts';

/** The 50 employees who originate and approve the simulator's instances (shared with the K3Cloud simulator). */
export { DINGTALK_SEED_EMPLOYEES, SEED_DEPARTMENTS, type SeedEmployee };

const FINANCE_DEPT_ID = SEED_DEPARTMENTS.find((d) => d.deptName === '财务部')?.deptId ?? 0;
const BY_USERID = new Map(DINGTALK_SEED_EMPLOYEES.map((e) => [e.userid, e]));

/** The seeded employee with this userid, or undefined. */
export function findSeedEmployee(userid: string): SeedEmployee | undefined {
  return BY_USERID.get(userid);
}

/** The approvers of an instance started by `originator`: a colleague of the same department, then finance. */
export function approversOf(originator: SeedEmployee): [SeedEmployee, SeedEmployee] {
  const known = APPROVERS.get(originator);
  if (known) return known;
  const pick = (deptId: number, exclude: string[]): SeedEmployee => {
    const same = DINGTALK_SEED_EMPLOYEES.filter((e) => e.deptId === deptId && !exclude.includes(e.userid));
    return same[0] ?? (DINGTALK_SEED_EMPLOYEES[0] as SeedEmployee);
  };
  const first = pick(originator.deptId, [originator.userid]);
  const approvers: [SeedEmployee, SeedEmployee] = [
    first,
    pick(FINANCE_DEPT_ID, [originator.userid, first.userid]),
  ];
  APPROVERS.set(originator, approvers);
  return approvers;
}

/** Approvers by originator (every instance asks; callers never change the pair). */
const APPROVERS = new Map<SeedEmployee, [SeedEmployee, SeedEmployee]>();
