import type { FeishuSimulator } from './create-feishu-simulator.ts';
import { FEISHU_SIM_DEFAULTS } from './defaults.ts';

/** Printable lines for the CLI: address, credentials, callback settings, routes and the inspection API. */
export function describeFeishuSimulator(sim: FeishuSimulator, url: string): string[] {
  const o = sim.options;
  const target = sim.state.pusher.target;
  const limit = (n: number, unit: string) => (n > 0 && Number.isFinite(n) ? `${n}/${unit}` : 'off');
  return [
    `飞书模拟器 Feishu simulator: ${url}   (point a connection's baseUrl at it instead of https://open.feishu.cn)`,
    `  app_id=${o.appId}  app_secret=${o.appSecret}  tenant_key=${o.tenantKey}`,
    `  approval_code=${o.approvalCode} (${o.approvalName})  instances=${o.instances}  seed=${o.seed}`,
    `  tenant_access_token TTL ${o.tokenTtlSeconds}s  ·  rate limit ${limit(o.perSecond, 's')}, ${limit(o.perMinute, 'min')} per app`,
    `  events: Verification Token=${target?.verificationToken ?? FEISHU_SIM_DEFAULTS.verificationToken} Encrypt Key=${target ? target.encryptKey || '(none)' : FEISHU_SIM_DEFAULTS.encryptKey}${target ? ` → ${target.url}` : ' (no receiver: POST /__sim/callback {"url"})'}`,
    '  POST /open-apis/auth/v3/tenant_access_token/internal · GET /open-apis/approval/v4/instances',
    '  GET /open-apis/approval/v4/instances/:id · POST|GET /open-apis/approval/v4/instances/:id/comments',
    '  POST /open-apis/approval/v4/approvals/:code/subscribe',
    '  inspect: GET /__sim/state · POST /__sim/reset · POST /__sim/tokens/expire · POST /__sim/faults · POST /__sim/callback · POST /__sim/instances',
  ];
}
