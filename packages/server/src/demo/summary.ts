import type { AlertsResult } from './alerts.ts';
import type { Scenario000Result } from './scenario-000.ts';
import type { RealtimeResult, Scenario001Result } from './scenario-001.ts';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function rate(count: number, ms: number): string {
  return ms > 0 ? Math.round((count * 1000) / ms).toLocaleString('en-US') : '—';
}

/** The printed lines of scenario 001 (Chinese first). */
export function summarize001(r: Scenario001Result): string[] {
  const s = r.stats;
  const calls = r.httpCalls.dingtalk + r.httpCalls.k3cloud;
  const lines = [
    '── 场景 001：钉钉报销审批 → 金蝶云星空付款单 / DingTalk approvals → K3Cloud payment bills',
    `   运行 run ${r.run.id}: ${r.run.status}${r.run.error ? ` — ${r.run.error.message}` : ''}`,
    `   读取审批实例 instances read: ${s.read ?? 0}（新 new ${s.new ?? 0}，其中跳过 of which skipped ${s.skipped ?? 0} = 未同意或未结束；` +
      `时间窗重叠再读 re-read in window overlaps ${Math.max(0, (s.read ?? 0) - (s.new ?? 0))}，台账去重 deduped by the ledger）`,
    `   生成付款单 bills created: ${r.billsCreated}（台账 written ${r.ledger.written}，failed ${r.ledger.failed}）`,
    `   回写评论 write-backs: ${s.writtenBack ?? 0}（钉钉评论总数 comments ${r.comments}）`,
    `   用时 time: ${seconds(r.ms)} s — ${rate(r.ledger.written, r.ms)} 张/秒 bills/s, ${rate(s.read ?? 0, r.ms)} 条/秒 records/s`,
    `   HTTP 调用 calls: 钉钉 ${r.httpCalls.dingtalk} + 金蝶 ${r.httpCalls.k3cloud} = ${calls}`,
  ];
  if (r.failures.length === 0) lines.push('   失败 failures: 0');
  for (const f of r.failures.slice(0, 10)) lines.push(`   ✗ 失败 ${f.key}: ${f.message}`);
  return lines;
}

/** The printed lines of the real-time (callback) check. */
export function summarizeRealtime(r: RealtimeResult): string[] {
  if (r.error || !r.run)
    return ['── 实时模式 real-time', `   ✗ 实例 ${r.processInstanceId}: ${r.error ?? '未同步'}`];
  return [
    '── 实时模式：审批结束回调 → 立即同步该实例 / real-time: finish callback → one-instance sync',
    `   实例 instance ${r.processInstanceId} 结束（同意）→ 回调 → 运行 ${r.run.id}: ${r.run.status}`,
    `   付款单号 bill: ${r.billNumber ?? '—'}，回写评论 comments: ${r.comments}，用时 ${seconds(r.ms)} s`,
  ];
}

/** The printed lines of scenario 000. */
export function summarize000(r: Scenario000Result): string[] {
  const lines = [
    '── 场景 000：凭证表单 → 金蝶精斗云凭证 / voucher form → JDY vouchers',
    `   提交表单记录 records: ${r.records.length}，生成凭证 vouchers: ${r.vouchersCreated}，失败 failed: ${r.records.filter((x) => !x.ok).length}，用时 ${seconds(r.ms)} s`,
  ];
  for (const x of r.records)
    lines.push(
      x.ok ? `   ✓ ${x.title}: 凭证 voucher ${x.voucher}` : `   ✗ ${x.title}: ${x.error ?? '失败 / failed'}`,
    );
  return lines;
}

/** The printed lines of the alert check: the failed voucher's run → alert flow → DingTalk group robot. */
export function summarizeAlerts(r: AlertsResult): string[] {
  const head = '── 告警：运行失败 → 钉钉群机器人 / alerts: a failed run → DingTalk group robot';
  if (r.error || !r.run) return [head, `   ✗ ${r.error ?? '没有告警运行 / no alert run'}`];
  const first = r.messages[0]?.content.split('\n')[0] ?? '—';
  return [
    head,
    `   失败的运行 failed run ${r.about ?? '—'} → 告警运行 alert run ${r.run.id}: ${r.run.status}`,
    `   群消息 group messages: ${r.messages.length}（加签校验通过 signed）「${first}」`,
  ];
}
