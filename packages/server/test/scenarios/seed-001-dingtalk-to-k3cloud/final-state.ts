import type { DingtalkSimulator } from '../../../src/connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import type { K3CloudSimulator } from '../../../src/connectors/kingdee-k3cloud/simulator/create-k3cloud-simulator.ts';
import type { PayBill } from '../../../src/connectors/kingdee-k3cloud/simulator/pay-bill-model.ts';

/** The simulators' final state as seed 001 judges it (inspection of both simulators, no engine state). */
export interface Seed001FinalState {
  /** Instances COMPLETED + agree. */
  agreed: number;
  /** Agreed instances with no bill. */
  missing: string[];
  /** Business ids with more than one bill. */
  doubled: string[];
  /** Bills of instances that were refused, terminated or still running. */
  unexpected: string[];
  /** Agreed instances whose bill's FPAYBILLENTRY amounts do not sum to the instance's total. */
  wrongTotal: string[];
  /** Instances whose write-back comment count is not exactly one (agreed with a bill) or zero (others). */
  wrongComments: string[];
  bills: number;
  comments: number;
}

function cents(value: unknown): number {
  return Math.round(Number(value) * 100);
}

function billTotalCents(bill: PayBill): number {
  return bill.entries.reduce((sum, e) => sum + cents(e.values.FPAYTOTALAMOUNTFOR), 0);
}

/**
 * Reads every instance the DingTalk simulator holds and every bill the K3Cloud simulator created,
 * and lists each way the final state breaks "one agreed instance → exactly one bill of the same
 * total, one write-back comment; nothing for the others".
 */
export function seed001FinalState(dingtalk: DingtalkSimulator, k3cloud: K3CloudSimulator): Seed001FinalState {
  const bills = new Map<string, PayBill[]>();
  for (const bill of k3cloud.state.bills.touched()) {
    bills.set(bill.FBillNo, [...(bills.get(bill.FBillNo) ?? []), bill]);
  }
  const comments = new Map<string, number>();
  for (const c of dingtalk.state.comments)
    comments.set(c.processInstanceId, (comments.get(c.processInstanceId) ?? 0) + 1);
  const out: Seed001FinalState = {
    agreed: 0,
    missing: [],
    doubled: [],
    unexpected: [],
    wrongTotal: [],
    wrongComments: [],
    bills: k3cloud.state.bills.touched().length,
    comments: dingtalk.state.comments.length,
  };
  const { ids } = dingtalk.state.store.list({
    startMs: 0,
    endMs: Number.MAX_SAFE_INTEGER,
    offset: 0,
    limit: 10_000,
  });
  for (const id of ids) {
    const instance = dingtalk.state.store.get(id);
    if (!instance) continue;
    const own = bills.get(instance.businessId) ?? [];
    const agreed = instance.status === 'COMPLETED' && instance.result === 'agree';
    const commentCount = comments.get(id) ?? 0;
    if (!agreed) {
      if (own.length > 0) out.unexpected.push(instance.businessId);
      if (commentCount !== 0) out.wrongComments.push(id);
      continue;
    }
    out.agreed++;
    if (own.length === 0) out.missing.push(id);
    if (own.length > 1) out.doubled.push(instance.businessId);
    const first = own[0];
    if (first && billTotalCents(first) !== instance.totalCents) out.wrongTotal.push(id);
    if (own.length > 0 && commentCount !== 1) out.wrongComments.push(id);
  }
  return out;
}
