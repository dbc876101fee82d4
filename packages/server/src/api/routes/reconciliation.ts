import { z } from '@hono/zod-openapi';
import Decimal from 'decimal.js';
import type { SyncDefinition } from '../../definitions/flow-schema.ts';
import { QiaoError } from '../../errors/index.ts';
import { type CompiledExpression, compileExpression, parseDecimal } from '../../expressions/index.ts';
import type { LedgerEntry, LedgerStatus, Store } from '../../store/port.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  csvQuery,
  ERROR_RESPONSES,
  found,
  IdParam,
  input,
  jsonResponse,
  queryInt,
} from '../route-kit.ts';
import { requireHead } from './definitions.ts';

const STATUSES = ['pending', 'writing', 'written', 'failed', 'skipped'] as const;
/** Ledger entries read per keyset chunk (the ledger is never loaded whole). */
export const RECONCILE_CHUNK = 500;
/** Most mismatching records / record errors listed in a reconciliation. */
const MAX_LISTED = 20;
const Query = z.object({ status: csvQuery(STATUSES), chunk: queryInt(1, 5000) });

/** Count and exact amount totals (decimal text) of the entries of one ledger status. */
export interface StatusTotals {
  count: number;
  sourceAmount: string;
  targetAmount: string;
  /** Entries whose source / target amount is absent (e.g. no payload yet) or could not be read. */
  sourceMissing: number;
  targetMissing: number;
}

/** One record that could not be reconciled: which side, and why. */
export interface RecordProblem {
  sourceKey: string;
  status: LedgerStatus;
  sourceAmount?: string | null;
  targetAmount?: string | null;
  side?: 'source' | 'target';
  code?: string;
  message?: string;
}

/** The reconciliation of a sync's ledger: per status, count and totals; `balanced` for written records. */
export interface Reconciliation {
  statuses: Partial<Record<LedgerStatus, StatusTotals>>;
  /** Written records: source total = target total (null when none are written). */
  balanced: boolean | null;
  /** Written records whose own source and target amounts differ (first few). */
  mismatches: RecordProblem[];
  /** Records whose amount expression failed (first few) and how many in all. */
  errors: RecordProblem[];
  errorCount: number;
  scanned: number;
}

interface Totals {
  count: number;
  source: Decimal;
  target: Decimal;
  sourceMissing: number;
  targetMissing: number;
}

type Side = 'source' | 'target';

async function amountOf(
  expression: CompiledExpression,
  value: unknown,
): Promise<{ amount?: Decimal; problem?: { code: string; message: string } }> {
  if (value === null || value === undefined) return {};
  try {
    const result = await expression.evaluate(value);
    const amount = parseDecimal(result);
    return amount === undefined ? {} : { amount };
  } catch (error) {
    const code = error instanceof QiaoError ? error.code : 'EXPRESSION_EVALUATION';
    return { problem: { code, message: error instanceof Error ? error.message : String(error) } };
  }
}

function emptyTotals(): Totals {
  return { count: 0, source: new Decimal(0), target: new Decimal(0), sourceMissing: 0, targetMissing: 0 };
}

/** Adds one ledger entry to the totals of its status; notes problems and written mismatches. */
async function addEntry(
  entry: LedgerEntry,
  exprs: Record<Side, CompiledExpression>,
  totals: Totals,
  out: Reconciliation,
): Promise<void> {
  totals.count += 1;
  out.scanned += 1;
  const sides = {
    source: await amountOf(exprs.source, entry.source),
    target: await amountOf(exprs.target, entry.payload),
  };
  for (const side of ['source', 'target'] as const) {
    const { amount, problem } = sides[side];
    if (amount !== undefined) totals[side] = totals[side].plus(amount);
    else totals[`${side}Missing`] += 1;
    if (problem === undefined) continue;
    out.errorCount += 1;
    if (out.errors.length < MAX_LISTED)
      out.errors.push({ sourceKey: entry.sourceKey, status: entry.status, side, ...problem });
  }
  const [s, t] = [sides.source.amount, sides.target.amount];
  const differs = s === undefined || t === undefined ? s !== t : !s.eq(t);
  if (entry.status === 'written' && differs && out.mismatches.length < MAX_LISTED) {
    out.mismatches.push({
      sourceKey: entry.sourceKey,
      status: entry.status,
      sourceAmount: s?.toFixed() ?? null,
      targetAmount: t?.toFixed() ?? null,
    });
  }
}

/**
 * Reconciles a sync's ledger: pages through it by source key in chunks of `chunk` entries (keyset),
 * evaluating `sourceAmount` over each source record and `targetAmount` over its mapped payload, and
 * sums them exactly (decimal.js). A bad expression throws EXPRESSION_SYNTAX; a record whose amount
 * fails is counted as missing on that side and listed in `errors`.
 */
export async function reconcileLedger(
  store: Store,
  syncId: string,
  reconcile: NonNullable<SyncDefinition['reconcile']>,
  options: { statuses?: LedgerStatus[]; chunk?: number } = {},
): Promise<Reconciliation> {
  const exprs = {
    source: compileExpression(reconcile.sourceAmount),
    target: compileExpression(reconcile.targetAmount),
  };
  const chunk = options.chunk ?? RECONCILE_CHUNK;
  const totals = new Map<LedgerStatus, Totals>();
  for (const status of options.statuses ?? STATUSES) totals.set(status, emptyTotals());
  const out: Reconciliation = {
    statuses: {},
    balanced: null,
    mismatches: [],
    errors: [],
    errorCount: 0,
    scanned: 0,
  };
  let after: string | undefined;
  for (;;) {
    const page = await store.ledger.list(syncId, {
      limit: chunk,
      ...(options.statuses ? { status: options.statuses } : {}),
      ...(after === undefined ? {} : { after }),
    });
    for (const entry of page) {
      const t = totals.get(entry.status) ?? emptyTotals();
      totals.set(entry.status, t);
      await addEntry(entry, exprs, t, out);
    }
    if (page.length < chunk) break;
    after = page.at(-1)?.sourceKey;
  }
  for (const [status, t] of totals) {
    out.statuses[status] = {
      count: t.count,
      sourceAmount: t.source.toFixed(),
      targetAmount: t.target.toFixed(),
      sourceMissing: t.sourceMissing,
      targetMissing: t.targetMissing,
    };
  }
  const written = totals.get('written');
  out.balanced = written && written.count > 0 ? written.source.eq(written.target) : null;
  return out;
}

/** Registers `GET /api/v1/syncs/{id}/ledger/reconciliation?status&chunk` (counts and amount totals per status). */
export function registerReconciliationRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps.runtime;
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/syncs/{id}/ledger/reconciliation',
      tags: ['ledger'],
      operationId: 'reconcileLedger',
      summary: "Reconcile a sync's ledger amounts, source vs target",
      description:
        'For a sync with `reconcile: {sourceAmount, targetAmount}`: per status the count and exact decimal totals, `balanced` for written records, the first 20 `mismatches` and `errors`; read in keyset chunks (`chunk`, default 500). Without `reconcile`: `{reconcile: null, counts}`.',
      request: { params: IdParam, query: Query },
      responses: {
        200: jsonResponse(AnyObject, 'Counts and exact amount totals (source vs target) per ledger status'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const query = input<z.infer<typeof Query>>(c, 'query');
      const head = await requireHead(deps, 'sync', id);
      const doc = found(
        await store.documents.get('sync', id, head.currentVersion),
        `sync ${id} 没有版本 / sync "${id}" has no version`,
      );
      const reconcile = (doc.definition as unknown as SyncDefinition).reconcile ?? null;
      const statuses = query.status ? (query.status.split(',') as LedgerStatus[]) : undefined;
      const base = { syncId: id, version: head.currentVersion, reconcile };
      if (reconcile === null) {
        const counts = await store.ledger.counts(id);
        const picked = statuses ?? STATUSES;
        return c.json({ ...base, counts: Object.fromEntries(picked.map((s) => [s, counts[s] ?? 0])) });
      }
      const result = await reconcileLedger(store, id, reconcile, {
        ...(statuses ? { statuses } : {}),
        ...(query.chunk ? { chunk: query.chunk } : {}),
      });
      return c.json({ ...base, ...result });
    },
  );
}
