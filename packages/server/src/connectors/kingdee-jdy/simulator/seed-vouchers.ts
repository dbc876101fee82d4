import { SEED_EMPLOYEES } from '../../shared-seed/employees.ts';
import { createRandom, type SeededRandom } from '../../simulator-kit/index.ts';
import {
  periodFromIndex,
  periodIndex,
  VCH_ID_BASE,
  type Voucher,
  type VoucherEntry,
} from './voucher-model.ts';

/** Seeded vouchers span this many periods, ending at the anchor period. */
export const SEED_PERIODS = 12;

type Line = [acctNo: string, dc: 1 | -1, cents: number, exp: string, aux?: Record<string, string>];
type Scenario = (r: SeededRandom, who: (typeof SEED_EMPLOYEES)[number]) => Line[];

const EXPENSES = [
  ['6602.01', '办公费'],
  ['6602.02', '差旅费'],
  ['6602.03', '业务招待费'],
  ['6602.04', '通讯费'],
  ['6602.05', '交通费'],
  ['6601.02', '差旅费'],
] as const;

const SCENARIOS: Scenario[] = [
  (r, who) => {
    const [acct, name] = r.pick(EXPENSES);
    const cents = r.int(50, 8000) * 100 + r.int(0, 99);
    const exp = `${who.name}报销${name}`;
    const aux = { deptNo: who.deptNumber, empNo: who.jobNumber };
    return [
      [acct, 1, cents, exp, aux],
      [r.chance(0.8) ? '1002' : '1001', -1, cents, exp],
    ];
  },
  (r) => {
    const net = r.int(1000, 90_000) * 100;
    const tax = Math.round(net * 0.13);
    const supp = `VEN${String(r.int(1, 20)).padStart(5, '0')}`;
    return [
      ['1403', 1, net, '采购原材料'],
      ['2221.01.01', 1, tax, '采购原材料-进项税额'],
      ['2202', -1, net + tax, '采购原材料', { suppNo: supp }],
    ];
  },
  (r) => {
    const net = r.int(2000, 120_000) * 100;
    const tax = Math.round(net * 0.13);
    const cust = `CUST${String(r.int(1, 30)).padStart(4, '0')}`;
    return [
      ['1122', 1, net + tax, '销售商品', { custNo: cust }],
      ['6001', -1, net, '销售商品'],
      ['2221.01.02', -1, tax, '销售商品-销项税额'],
    ];
  },
  (r, who) => {
    const cents = r.int(6000, 30_000) * 100;
    return [
      ['6602.06', 1, cents, `计提工资-${who.deptName}`, { deptNo: who.deptNumber }],
      ['2211.01', -1, cents, `计提工资-${who.deptName}`],
    ];
  },
];

function cents(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The pre-existing vouchers of the book: defined by index, built on demand (100,000 cost nothing up front). */
/** Most built seeded vouchers kept in memory. */
const BUILT_CACHE_SIZE = 20_000;

export class SeededVouchers {
  private readonly firstPeriodIndex: number;
  /** Vouchers already built, by index (oldest dropped first): hot reads skip building. */
  private readonly built = new Map<number, Voucher>();

  constructor(
    readonly count: number,
    private readonly seed: number,
    readonly anchorPeriod: number,
  ) {
    this.firstPeriodIndex = periodIndex(anchorPeriod) - (SEED_PERIODS - 1);
  }

  /** Index range `[start, end)` of the seeded vouchers in `period`. */
  rangeIn(period: number): [number, number] {
    const k = periodIndex(period) - this.firstPeriodIndex;
    if (k < 0 || k >= SEED_PERIODS) return [0, 0];
    const start = Math.ceil((k * this.count) / SEED_PERIODS);
    const end = Math.ceil(((k + 1) * this.count) / SEED_PERIODS);
    return [start, end];
  }

  /** Number of seeded vouchers (all 记) in `period`. */
  countIn(period: number): number {
    const [start, end] = this.rangeIn(period);
    return end - start;
  }

  /** Periods that hold seeded vouchers, ascending. */
  periods(): number[] {
    const out: number[] = [];
    for (let k = 0; k < SEED_PERIODS; k++) {
      const p = periodFromIndex(this.firstPeriodIndex + k);
      if (this.countIn(p) > 0) out.push(p);
    }
    return out;
  }

  /** Index of a seeded voucher id, or null. */
  indexOfId(vchId: string): number | null {
    const i = /^\d+$/.test(vchId) ? Number(vchId) - VCH_ID_BASE : -1;
    return i >= 0 && i < this.count ? i : null;
  }

  /** Index of a seeded linkId (`seed-<n>`), or null. */
  indexOfLinkId(linkId: string): number | null {
    const m = /^seed-(\d+)$/.exec(linkId);
    const i = m ? Number(m[1]) - 1 : -1;
    return i >= 0 && i < this.count ? i : null;
  }

  /** Builds seeded voucher `i` (same seed, same voucher). */
  build(i: number): Voucher {
    const hit = this.built.get(i);
    if (hit) return hit;
    const voucher = this.generate(i);
    if (this.built.size >= BUILT_CACHE_SIZE) {
      const oldest = this.built.keys().next();
      if (!oldest.done) this.built.delete(oldest.value);
    }
    this.built.set(i, voucher);
    return voucher;
  }

  /** Seeded voucher `i` without keeping it (scans use this so they do not evict the hot vouchers). */
  peek(i: number): Voucher {
    return this.built.get(i) ?? this.generate(i);
  }

  private generate(i: number): Voucher {
    const k = Math.floor((i * SEED_PERIODS) / this.count);
    const period = periodFromIndex(this.firstPeriodIndex + k);
    const number = i - Math.ceil((k * this.count) / SEED_PERIODS) + 1;
    const r = createRandom(Math.imul(this.seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
    const who = r.pick(SEED_EMPLOYEES);
    const lines = r.pick(SCENARIOS)(r, who);
    const day = String(
      Math.min(28, 1 + Math.floor(((number - 1) * 28) / Math.max(1, this.countIn(period)))),
    ).padStart(2, '0');
    const date = `${Math.floor(period / 100)}-${String(period % 100).padStart(2, '0')}-${day}`;
    const entries: VoucherEntry[] = lines.map(([acctNo, dc, value, exp, aux], seq) => ({
      seq: seq + 1,
      exp,
      acctNo,
      dc,
      amount: cents(value),
      currency: 'RMB',
      rate: 1,
      aux: aux ?? {},
    }));
    return {
      vchId: String(VCH_ID_BASE + i),
      linkId: `seed-${i + 1}`,
      groupName: '记',
      vchNumber: number,
      date,
      yearPeriod: period,
      status: k < SEED_PERIODS - 1 || r.chance(0.3) ? 1 : 0,
      userName: who.name,
      entries,
      origin: 'seed',
      createdAt: Date.parse(`${date}T04:00:00Z`),
      remark: '',
      sourceBillNo: '',
    };
  }
}
