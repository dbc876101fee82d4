import type { JsonObject } from '../../../json.ts';

/** One account (科目) of the seeded chart of accounts (小企业会计准则-style codes). */
export interface Account {
  id: string;
  number: string;
  name: string;
  /** `一级/二级` names joined with `_`, as JDY shows them. */
  fullName: string;
  level: number;
  parentNumber: string | null;
  /** Only leaf (末级) accounts may be used on voucher lines. */
  isLeaf: boolean;
  /** Balance direction: 1 = debit (借), -1 = credit (贷). */
  dc: 1 | -1;
  typeName: '资产' | '负债' | '权益' | '成本' | '损益';
}

/** `[number, name, dc]` of the seeded chart; parents precede their children. */
const CHART: ReadonlyArray<readonly [string, string, 1 | -1]> = [
  ['1001', '库存现金', 1],
  ['1002', '银行存款', 1],
  ['1012', '其他货币资金', 1],
  ['1122', '应收账款', 1],
  ['1123', '预付账款', 1],
  ['1221', '其他应收款', 1],
  ['1221.01', '员工借款', 1],
  ['1221.02', '押金保证金', 1],
  ['1403', '原材料', 1],
  ['1405', '库存商品', 1],
  ['1601', '固定资产', 1],
  ['1602', '累计折旧', -1],
  ['2001', '短期借款', -1],
  ['2202', '应付账款', -1],
  ['2203', '预收账款', -1],
  ['2211', '应付职工薪酬', -1],
  ['2211.01', '工资', -1],
  ['2211.02', '社会保险费', -1],
  ['2211.03', '住房公积金', -1],
  ['2221', '应交税费', -1],
  ['2221.01', '应交增值税', -1],
  ['2221.01.01', '进项税额', -1],
  ['2221.01.02', '销项税额', -1],
  ['2221.02', '应交个人所得税', -1],
  ['2241', '其他应付款', -1],
  ['4001', '实收资本', -1],
  ['4103', '本年利润', -1],
  ['4104', '利润分配', -1],
  ['5001', '生产成本', 1],
  ['6001', '主营业务收入', -1],
  ['6051', '其他业务收入', -1],
  ['6401', '主营业务成本', 1],
  ['6403', '税金及附加', 1],
  ['6601', '销售费用', 1],
  ['6601.01', '广告费', 1],
  ['6601.02', '差旅费', 1],
  ['6601.03', '业务招待费', 1],
  ['6602', '管理费用', 1],
  ['6602.01', '办公费', 1],
  ['6602.02', '差旅费', 1],
  ['6602.03', '业务招待费', 1],
  ['6602.04', '通讯费', 1],
  ['6602.05', '交通费', 1],
  ['6602.06', '职工薪酬', 1],
  ['6602.07', '折旧费', 1],
  ['6603', '财务费用', 1],
  ['6603.01', '利息费用', 1],
  ['6603.02', '手续费', 1],
  ['6711', '营业外支出', 1],
];

const TYPE_BY_FIRST_DIGIT: Record<string, Account['typeName']> = {
  '1': '资产',
  '2': '负债',
  '4': '权益',
  '5': '成本',
  '6': '损益',
};

/** The seeded chart of accounts, indexed by number and by id. */
export class ChartOfAccounts {
  readonly list: readonly Account[];
  private readonly byNumber = new Map<string, Account>();
  private readonly byId = new Map<string, Account>();

  constructor() {
    const numbers = new Set(CHART.map(([n]) => n));
    const parentOf = (n: string): string | null => {
      const cut = n.lastIndexOf('.');
      return cut < 0 ? null : n.slice(0, cut);
    };
    const list: Account[] = [];
    CHART.forEach(([number, name, dc], i) => {
      const parentNumber = parentOf(number);
      const parent = parentNumber ? this.byNumber.get(parentNumber) : undefined;
      const account: Account = {
        id: String(1001 + i),
        number,
        name,
        fullName: parent ? `${parent.fullName}_${name}` : name,
        level: number.split('.').length,
        parentNumber,
        isLeaf: ![...numbers].some((other) => parentOf(other) === number),
        dc,
        typeName: TYPE_BY_FIRST_DIGIT[number.charAt(0)] ?? '资产',
      };
      list.push(account);
      this.byNumber.set(number, account);
      this.byId.set(account.id, account);
    });
    this.list = list;
  }

  /** The account with this code (科目编码), if any. */
  find(number: string): Account | undefined {
    return this.byNumber.get(number);
  }

  /** The account with this id (v2 `account_id`), if any. */
  findById(id: string): Account | undefined {
    return this.byId.get(id);
  }

  /** Leaf accounts whose code starts with `prefix` (seeded data draws from them). */
  leaves(prefix: string): Account[] {
    return this.list.filter((a) => a.isLeaf && a.number.startsWith(prefix));
  }
}

/** Family-A (`/jdyaccouting/account`) view of an account. */
export function accountView(a: Account): JsonObject {
  return {
    id: a.id,
    number: a.number,
    name: a.name,
    fullName: a.fullName,
    level: a.level,
    parentNumber: a.parentNumber,
    isLeaf: a.isLeaf,
    dc: a.dc,
    typeName: a.typeName,
    currency: 'RMB',
    isCash: a.number === '1001',
    isBank: a.number === '1002',
  };
}

/** Family-B (`/jdy/v2/fi/account`) view of an account. */
export function accountViewV2(a: Account): JsonObject {
  return {
    id: a.id,
    number: a.number,
    name: a.name,
    full_name: a.fullName,
    level: a.level,
    parent_number: a.parentNumber ?? '',
    is_leaf: a.isLeaf,
    dc: a.dc,
    account_type_name: a.typeName,
  };
}
