import { createRandom } from '../../simulator-kit/index.ts';
import type { BaseDataRecord, BaseDataTable } from './base-data.ts';
import { type BaseRef, baseRefOf, type PayBill, type PayBillEntry } from './pay-bill-model.ts';

/** First FID of the data centre; seeded bills take the first ids, created bills follow. */
export const FIRST_FID = 100_001;
const FIRST_ENTRY_ID = 200_001;
/** Seeded bills kept once generated (oldest dropped first); reads of hot bills skip generation. */
const GENERATED_CACHE_SIZE = 20_000;

/** Bill number of sequence `n` the way the server numbers AP_PAYBILL (FKD + 8 digits). */
export function billNoOf(n: number): string {
  return `FKD${String(n).padStart(8, '0')}`;
}

/**
 * The AP_PAYBILL table. `seeded` pre-existing bills are generated on demand from the seed (so
 * 100,000 cost nothing until read); only created or changed bills are held in memory.
 */
export class PayBillStore {
  /** Created bills and changed seeded bills by FID; null = a deleted seeded bill. */
  private readonly changed = new Map<number, PayBill | null>();
  /** FBillNo → FID of every bill held in `changed`. */
  private readonly numbers = new Map<string, number>();
  /** Generated seeded bills by index (bills are immutable once stored: changes replace them). */
  private readonly generated = new Map<number, PayBill>();
  private nextId: number;
  private nextSeq: number;
  private nextEntryId: number;

  constructor(
    private readonly baseData: ReadonlyMap<string, BaseDataTable>,
    private readonly seed: number,
    readonly seeded: number,
  ) {
    this.nextId = FIRST_FID + seeded;
    this.nextSeq = seeded + 1;
    this.nextEntryId = FIRST_ENTRY_ID + seeded * 2;
  }

  /** The bill with this FID, or undefined. */
  get(id: number): PayBill | undefined {
    if (this.changed.has(id)) return this.changed.get(id) ?? undefined;
    const index = id - FIRST_FID;
    return Number.isInteger(index) && index >= 0 && index < this.seeded ? this.seededBill(index) : undefined;
  }

  private seededBill(index: number): PayBill {
    const cached = this.generated.get(index);
    if (cached) return cached;
    const bill = this.generate(index);
    if (this.generated.size >= GENERATED_CACHE_SIZE) {
      const oldest = this.generated.keys().next();
      if (!oldest.done) this.generated.delete(oldest.value);
    }
    this.generated.set(index, bill);
    return bill;
  }

  /** The bill with this FBillNo (exact, as the unique index compares), or undefined. */
  findByNumber(billNo: string): PayBill | undefined {
    const id = this.numbers.get(billNo);
    if (id !== undefined) return this.get(id);
    const m = /^FKD(\d{8})$/.exec(billNo);
    if (!m) return undefined;
    const bill = this.get(FIRST_FID + Number(m[1]) - 1);
    return bill?.FBillNo === billNo && !this.changed.has(bill.FID) ? bill : undefined;
  }

  /** Every bill in FID order. */
  *all(): Generator<PayBill> {
    for (let i = 0; i < this.seeded; i++) {
      // A full scan bypasses the generated-bill cache so it does not evict the hot bills.
      const id = FIRST_FID + i;
      const bill = this.changed.has(id) ? this.changed.get(id) : (this.generated.get(i) ?? this.generate(i));
      if (bill) yield bill;
    }
    for (const [id, bill] of this.changed) if (id >= FIRST_FID + this.seeded && bill) yield bill;
  }

  /** The next free generated bill number. */
  nextBillNo(): string {
    for (;;) {
      const no = billNoOf(this.nextSeq++);
      if (!this.findByNumber(no)) return no;
    }
  }

  /** Stores a new bill: assigns FID and entry ids. */
  insert(bill: Omit<PayBill, 'FID'>): PayBill {
    const stored: PayBill = { ...bill, FID: this.nextId++ };
    this.assignEntryIds(stored.entries);
    this.changed.set(stored.FID, stored);
    this.numbers.set(stored.FBillNo, stored.FID);
    return stored;
  }

  /** Replaces a bill (same FID); entry rows without an id get one. */
  put(bill: PayBill): void {
    const before = this.get(bill.FID);
    if (before && before.FBillNo !== bill.FBillNo) this.numbers.delete(before.FBillNo);
    this.assignEntryIds(bill.entries);
    this.changed.set(bill.FID, bill);
    this.numbers.set(bill.FBillNo, bill.FID);
  }

  /** Deletes a bill. */
  delete(id: number): void {
    const before = this.get(id);
    if (before) this.numbers.delete(before.FBillNo);
    if (id < FIRST_FID + this.seeded) this.changed.set(id, null);
    else this.changed.delete(id);
  }

  /** Bills created or changed since start (the inspection API shows these). */
  touched(): PayBill[] {
    return [...this.changed.values()].filter((b): b is PayBill => b !== null);
  }

  /** Number of bills created by calls (not seeded). */
  createdCount(): number {
    return this.nextId - FIRST_FID - this.seeded;
  }

  private assignEntryIds(entries: PayBillEntry[]): void {
    for (const entry of entries) if (!entry.FEntryID) entry.FEntryID = this.nextEntryId++;
  }

  private ref(formId: string, record: BaseDataRecord | undefined): BaseRef | null {
    return record ? baseRefOf(formId, record) : null;
  }

  private pickRef(formId: string, random: ReturnType<typeof createRandom>): BaseRef | null {
    const table = this.baseData.get(formId);
    return table ? this.ref(formId, random.pick(table.records)) : null;
  }

  /** Seeded bill `index`: deterministic from (seed, index); mostly audited, some still open. */
  private generate(index: number): PayBill {
    const random = createRandom((this.seed * 1_000_003 + index * 7_919) >>> 0);
    const day = new Date(Date.UTC(2025, 0, 1) + (index % 420) * 86_400_000).toISOString().slice(0, 10);
    const supplier = this.pickRef('BD_Supplier', random);
    const org = this.ref('ORG_Organizations', this.baseData.get('ORG_Organizations')?.byNumber.get('100'));
    const cny = this.ref('BD_Currency', this.baseData.get('BD_Currency')?.byNumber.get('PRE001'));
    const wire = random.chance(0.7);
    const amount = random.int(100, 500_000) / 10;
    const settle = this.ref(
      'BD_SETTLETYPE',
      this.baseData.get('BD_SETTLETYPE')?.byNumber.get(wire ? 'JSFS04_SYS' : 'JSFS01_SYS'),
    );
    const status = random.chance(0.8) ? 'C' : random.chance(0.5) ? 'A' : 'B';
    const entry: PayBillEntry = {
      FEntryID: FIRST_ENTRY_ID + index * 2,
      FSeq: 1,
      values: {
        FSETTLETYPEID: settle,
        FPURPOSEID: this.ref(
          'CN_RECPAYPURPOSE',
          this.baseData.get('CN_RECPAYPURPOSE')?.byNumber.get('SFKYT08_SYS'),
        ),
        FPAYTOTALAMOUNTFOR: amount,
        FPAYAMOUNTFOR_E: amount,
        FSETTLEPAYAMOUNTFOR: amount,
        FREALPAYAMOUNTFOR_D: amount,
        FACCOUNTID: wire ? this.pickRef('CN_BANKACNT', random) : null,
        FCOSTID: this.pickRef('BD_Expense', random),
        FEXPENSEDEPTID_E: this.pickRef('BD_Department', random),
        FCOMMENT: `采购付款 ${index + 1}`,
      },
    };
    return {
      FID: FIRST_FID + index,
      FBillNo: billNoOf(index + 1),
      FDOCUMENTSTATUS: status,
      FCreateDate: `${day}T09:00:00`,
      FModifyDate: `${day}T09:00:00`,
      FApproveDate: status === 'C' ? `${day}T10:00:00` : null,
      values: {
        FBillTypeID: this.ref('BOS_BillType', this.baseData.get('BOS_BillType')?.byNumber.get('FKDLX01_SYS')),
        FDATE: `${day}T00:00:00`,
        FCONTACTUNITTYPE: 'BD_Supplier',
        FCONTACTUNIT: supplier,
        FRECTUNITTYPE: 'BD_Supplier',
        FRECTUNIT: supplier,
        FSETTLEORGID: org,
        FPAYORGID: org,
        FCURRENCYID: cny,
        FSETTLECUR: cny,
        FSETTLEMAINBOOKID: cny,
        FEXCHANGERATE: 1,
        FSETTLERATE: 1,
        FCancelStatus: 'A',
        FREMARK: `期初付款单 ${index + 1}`,
        FPAYTOTALAMOUNTFOR_H: amount,
        FREALPAYAMOUNTFOR_H: amount,
      },
      entries: [entry],
    };
  }
}
