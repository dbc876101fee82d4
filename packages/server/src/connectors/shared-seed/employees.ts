/**
 * The 50 deterministic people shared by the DingTalk and Kingdee K3Cloud simulators, so that an
 * approval's originator in the DingTalk simulator is the same person as the BD_Empinfo record
 * (and expense department) in the K3Cloud simulator.
 */

/** One seeded employee as both simulators see it. */
export interface SeedEmployee {
  /** DingTalk userid (stable, unique). */
  readonly userid: string;
  /** Chinese full name. */
  readonly name: string;
  /** 工号: DingTalk jobNumber and the K3Cloud BD_Empinfo FNumber. */
  readonly jobNumber: string;
  /** DingTalk department id. */
  readonly deptId: number;
  /** Department name (same in both systems). */
  readonly deptName: string;
  /** K3Cloud BD_Department FNumber of that department. */
  readonly deptNumber: string;
}

/** One seeded department as both simulators see it. */
export interface SeedDepartment {
  /** DingTalk department id. */
  readonly deptId: number;
  /** Department name. */
  readonly deptName: string;
  /** K3Cloud BD_Department FNumber. */
  readonly deptNumber: string;
}

/** The seeded departments (DingTalk ids and K3Cloud numbers). */
export const SEED_DEPARTMENTS: readonly SeedDepartment[] = [
  { deptId: 100001, deptName: '总经办', deptNumber: 'BM001' },
  { deptId: 100002, deptName: '财务部', deptNumber: 'BM002' },
  { deptId: 100003, deptName: '销售部', deptNumber: 'BM003' },
  { deptId: 100004, deptName: '采购部', deptNumber: 'BM004' },
  { deptId: 100005, deptName: '研发部', deptNumber: 'BM005' },
  { deptId: 100006, deptName: '人力资源部', deptNumber: 'BM006' },
  { deptId: 100007, deptName: '行政部', deptNumber: 'BM007' },
  { deptId: 100008, deptName: '市场部', deptNumber: 'BM008' },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '洋',
  '艳',
  '军',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '婷',
  '勇',
  '丽',
];
const GIVEN2 = ['', '建', '晓', '志', '海', '春', '文', '雪', '国', '红'];

/** Builds employee i (0-based) deterministically. */
function buildEmployee(i: number): SeedEmployee {
  const surname = SURNAMES[i % SURNAMES.length] as string;
  const middle = GIVEN2[(Math.floor(i / SURNAMES.length) * 2) % GIVEN2.length] as string;
  const given = GIVEN[(i * 7) % GIVEN.length] as string;
  const dept = SEED_DEPARTMENTS[i % SEED_DEPARTMENTS.length] as SeedDepartment;
  const seq = String(i + 1).padStart(4, '0');
  return {
    userid: `0${(271_000_000 + i * 1_337).toString()}${seq}`,
    name: `${surname}${middle}${given}`,
    jobNumber: `E${seq}`,
    deptId: dept.deptId,
    deptName: dept.deptName,
    deptNumber: dept.deptNumber,
  };
}

/** The 50 seeded employees, identical in every simulator and every run. */
export const SEED_EMPLOYEES: readonly SeedEmployee[] = Array.from({ length: 50 }, (_, i) => buildEmployee(i));

/** Alias under the name the DingTalk simulator brief uses. */
export const DINGTALK_SEED_EMPLOYEES: readonly SeedEmployee[] = SEED_EMPLOYEES;
