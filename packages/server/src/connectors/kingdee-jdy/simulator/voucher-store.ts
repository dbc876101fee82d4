import { SeededVouchers } from './seed-vouchers.ts';
import { VCH_ID_BASE, type Voucher } from './voucher-model.ts';

/** A voucher to store: everything but the id, with an optional explicit number (0/absent = auto). */
export type VoucherDraft = Omit<Voucher, 'vchId' | 'vchNumber'> & { vchNumber?: number };

/** Which vouchers a list call wants. */
export interface VoucherQuery {
  fromPeriod: number;
  toPeriod: number;
  vchId?: string;
  linkId?: string;
  /** Any further condition; without one, paging is computed without building vouchers. */
  predicate?: (v: Voucher) => boolean;
}

/** One page of vouchers and the total count of matches. */
export interface VoucherPage {
  total: number;
  items: Voucher[];
}

/** The account book's vouchers: seeded ones (virtual, by index) plus created ones. */
export class VoucherStore {
  readonly seeded: SeededVouchers;
  private readonly created: Voucher[] = [];
  private readonly byId = new Map<string, Voucher>();
  private readonly byLinkId = new Map<string, Voucher>();
  private readonly byPeriod = new Map<number, Voucher[]>();
  private readonly numbers = new Map<string, Set<number>>();
  private readonly maxNumbers = new Map<string, number>();

  constructor(count: number, seed: number, anchorPeriod: number) {
    this.seeded = new SeededVouchers(count, seed, anchorPeriod);
  }

  /** Number of vouchers created through the API. */
  get createdCount(): number {
    return this.created.length;
  }

  /** Vouchers created through the API, in creation order. */
  createdVouchers(): readonly Voucher[] {
    return this.created;
  }

  /** The voucher with this id (seeded or created). */
  get(vchId: string): Voucher | undefined {
    const created = this.byId.get(vchId);
    if (created) return created;
    const i = this.seeded.indexOfId(vchId);
    return i === null ? undefined : this.seeded.build(i);
  }

  /** The voucher with this linkId (seeded or created). */
  findByLinkId(linkId: string): Voucher | undefined {
    if (!linkId) return undefined;
    const created = this.byLinkId.get(linkId);
    if (created) return created;
    const i = this.seeded.indexOfLinkId(linkId);
    return i === null ? undefined : this.seeded.build(i);
  }

  /** True when `group-number` is already used in `period`. */
  numberTaken(period: number, group: string, number: number): boolean {
    if (group === '记' && number >= 1 && number <= this.seeded.countIn(period)) return true;
    return this.numbers.get(`${period}|${group}`)?.has(number) ?? false;
  }

  /** The next free voucher number of a period and group (max + 1). */
  nextNumber(period: number, group: string): number {
    const seeded = group === '记' ? this.seeded.countIn(period) : 0;
    return Math.max(seeded, this.maxNumbers.get(`${period}|${group}`) ?? 0) + 1;
  }

  /** Stores a voucher, assigning its id and (when 0/absent) its number. */
  add(draft: VoucherDraft): Voucher {
    const vchNumber =
      draft.vchNumber && draft.vchNumber > 0
        ? draft.vchNumber
        : this.nextNumber(draft.yearPeriod, draft.groupName);
    const voucher: Voucher = {
      ...draft,
      vchId: String(VCH_ID_BASE + this.seeded.count + this.created.length),
      vchNumber,
    };
    this.created.push(voucher);
    this.byId.set(voucher.vchId, voucher);
    if (voucher.linkId) this.byLinkId.set(voucher.linkId, voucher);
    const inPeriod = this.byPeriod.get(voucher.yearPeriod) ?? [];
    inPeriod.push(voucher);
    this.byPeriod.set(voucher.yearPeriod, inPeriod);
    const key = `${voucher.yearPeriod}|${voucher.groupName}`;
    const used = this.numbers.get(key) ?? new Set<number>();
    used.add(vchNumber);
    this.numbers.set(key, used);
    this.maxNumbers.set(key, Math.max(this.maxNumbers.get(key) ?? 0, vchNumber));
    return voucher;
  }

  /** One page (`offset`, `limit`) of the vouchers matching `query`, ordered by period (seeded first, then created). */
  list(query: VoucherQuery, offset: number, limit: number): VoucherPage {
    if (query.vchId !== undefined || query.linkId !== undefined) return this.listDirect(query, offset, limit);
    const periods = this.periodsBetween(query.fromPeriod, query.toPeriod);
    return query.predicate
      ? this.listFiltered(periods, query.predicate, offset, limit)
      : this.listAll(periods, offset, limit);
  }

  private periodsBetween(from: number, to: number): number[] {
    const all = new Set([...this.seeded.periods(), ...this.byPeriod.keys()]);
    return [...all].filter((p) => p >= from && p <= to).sort((a, b) => a - b);
  }

  private listDirect(query: VoucherQuery, offset: number, limit: number): VoucherPage {
    const byId = query.vchId !== undefined ? this.get(query.vchId) : undefined;
    const byLink = query.linkId !== undefined ? this.findByLinkId(query.linkId) : undefined;
    const both = query.vchId !== undefined && query.linkId !== undefined;
    const candidate = both ? (byId && byId.vchId === byLink?.vchId ? byId : undefined) : (byId ?? byLink);
    const match =
      candidate &&
      candidate.yearPeriod >= query.fromPeriod &&
      candidate.yearPeriod <= query.toPeriod &&
      (!query.predicate || query.predicate(candidate));
    const items = match ? [candidate] : [];
    return { total: items.length, items: items.slice(offset, offset + limit) };
  }

  private listAll(periods: number[], offset: number, limit: number): VoucherPage {
    let total = 0;
    const items: Voucher[] = [];
    for (const p of periods) {
      const [start, end] = this.seeded.rangeIn(p);
      const created = this.byPeriod.get(p) ?? [];
      const size = end - start + created.length;
      for (
        let j = Math.max(0, offset - total);
        j < size && items.length < limit && total + j >= offset;
        j++
      ) {
        const seededCount = end - start;
        items.push(j < seededCount ? this.seeded.build(start + j) : (created[j - seededCount] as Voucher));
      }
      total += size;
    }
    return { total, items };
  }

  private listFiltered(
    periods: number[],
    predicate: (v: Voucher) => boolean,
    offset: number,
    limit: number,
  ): VoucherPage {
    let total = 0;
    const items: Voucher[] = [];
    const visit = (v: Voucher) => {
      if (!predicate(v)) return;
      if (total >= offset && items.length < limit) items.push(v);
      total++;
    };
    for (const p of periods) {
      const [start, end] = this.seeded.rangeIn(p);
      for (let i = start; i < end; i++) visit(this.seeded.peek(i));
      for (const v of this.byPeriod.get(p) ?? []) visit(v);
    }
    return { total, items };
  }
}
