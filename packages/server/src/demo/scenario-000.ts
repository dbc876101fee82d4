import type { JdySimulator } from '../connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import { saveFormRecord } from '../forms/index.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import type { Runtime } from '../runtime/create-runtime.ts';
import type { RunRecord } from '../store/port.ts';
import { createFormTriggers } from '../triggers/form-events.ts';

/** The form and flow ids of the seed-000 example (examples/jdy-voucher-form/). */
export const SEED_000 = { form: 'voucher', flow: 'voucherToJdy' } as const;

/** One voucher record the demo enters, and what became of it. */
export interface VoucherOutcome {
  title: string;
  recordId: string;
  run?: RunRecord;
  ok: boolean;
  /** The JDY voucher (`记-12`, or its id) when saved. */
  voucher?: string;
  error?: string;
}

/** What scenario 000 did. */
export interface Scenario000Result {
  records: VoucherOutcome[];
  vouchersCreated: number;
  ms: number;
}

/** The demo's voucher records: balanced ones and one deliberately unbalanced (借 ≠ 贷). */
export function demoVouchers(date: string): JsonObject[] {
  const line = (explanation: string, accountNumber: string, debit?: string, credit?: string) => ({
    explanation,
    accountNumber,
    ...(debit ? { debit } : {}),
    ...(credit ? { credit } : {}),
  });
  return [
    {
      date,
      word: '记',
      title: '报销差旅费',
      lines: [line('报销差旅费', '6602.02', '1280.50'), line('报销差旅费', '1002', undefined, '1280.50')],
    },
    {
      date,
      word: '付',
      title: '支付办公用品费',
      lines: [
        line('采购打印纸', '6602.01', '356.00'),
        line('采购墨盒', '6602.01', '420.35'),
        line('银行付款', '1002', undefined, '776.35'),
      ],
    },
    {
      date,
      word: '记',
      title: '招待客户（借贷不平，应失败）',
      lines: [line('招待客户午餐', '6602.03', '100.00'), line('银行付款', '1002', undefined, '90.00')],
    },
    {
      date,
      word: '记',
      title: '报销通讯费',
      lines: [line('手机话费', '6602.04', '199.00'), line('银行付款', '1002', undefined, '199.00')],
    },
  ];
}

/**
 * Enters the voucher records through the forms service (validated, stored, then the form trigger
 * fires the flow), waits for every run on the engine and reads the voucher or the error of each.
 */
export async function runScenario000(
  runtime: Runtime,
  jdy: JdySimulator,
  records: JsonObject[] = demoVouchers(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)),
): Promise<Scenario000Result> {
  const started = performance.now();
  const before = jdy.state.vouchers.createdCount;
  const triggers = createFormTriggers({ store: runtime.store, engine: runtime.engine });
  const saved = await Promise.all(
    records.map((data) =>
      saveFormRecord({ store: runtime.store, triggers }, { formId: SEED_000.form, data, createdBy: 'demo' }),
    ),
  );
  const outcomes = await Promise.all(
    saved.map(async (s, i): Promise<VoucherOutcome> => {
      const title = String(records[i]?.title ?? s.record.id);
      const runId = s.runIds[0];
      if (!runId) return { title, recordId: s.record.id, ok: false, error: '没有触发动作流 / no flow fired' };
      const run = await runtime.engine.waitForRun(runId);
      const output = isJsonObject(run.output) ? run.output : {};
      const vchId = typeof output.voucherId === 'string' ? output.voucherId : undefined;
      const number = typeof output.voucherNumber === 'string' ? output.voucherNumber : undefined;
      // The flow read the number back from JDY; the simulator's books confirm it.
      const voucher = vchId ? jdy.state.vouchers.get(vchId) : undefined;
      const confirmed = voucher !== undefined && number === `${voucher.groupName}-${voucher.vchNumber}`;
      return {
        title,
        recordId: s.record.id,
        run,
        ok: run.status === 'succeeded' && confirmed,
        ...(vchId ? { voucher: `${number ?? '?'}（id ${vchId}）` } : {}),
        ...(run.error ? { error: run.error.message } : {}),
      };
    }),
  );
  return {
    records: outcomes,
    vouchersCreated: jdy.state.vouchers.createdCount - before,
    ms: performance.now() - started,
  };
}
