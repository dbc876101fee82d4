import type { DingtalkSimulator } from './create-dingtalk-simulator.ts';
import { DINGTALK_SIM_DEFAULTS } from './defaults.ts';
import { describeRobots } from './routes-robot.ts';

/** Printable lines for the CLI: address, credentials, how to point a connection at it, routes, inspection API. */
export function describeDingtalkSimulator(sim: DingtalkSimulator, url: string): string[] {
  const o = sim.options;
  const target = sim.state.pusher.target;
  return [
    `钉钉模拟器 DingTalk simulator: ${url}`,
    `  serves both hosts: oapi.dingtalk.com → ${url}  ·  api.dingtalk.com → ${url}`,
    `  appKey=${o.appKey}  appSecret=${o.appSecret}  corpId=${o.corpId}`,
    `  process_code=${o.processCode}  instances=${o.instances}  seed=${o.seed}`,
    `  token TTL ${o.tokenTtlSeconds}s  ·  rate limit ${o.qpsLimit > 0 && Number.isFinite(o.qpsLimit) ? `${o.qpsLimit} QPS per (app, API)` : 'off'}`,
    `  callback: token=${target?.token ?? DINGTALK_SIM_DEFAULTS.callbackToken} aes_key=${target?.aesKey ?? DINGTALK_SIM_DEFAULTS.callbackAesKey} ownerKey=${target?.ownerKey ?? o.appKey}${target ? ` → ${target.url}` : ' (no URL registered: POST /__sim/callback {"url"})'}`,
    '  legacy: GET /gettoken · POST /topapi/processinstance/listids · POST /topapi/processinstance/get',
    '          POST /topapi/process/instance/comment/add · GET /call_back/get_call_back_failed_result',
    '  v1.0:   POST /v1.0/oauth2/accessToken · POST /v1.0/workflow/processes/instanceIds/query',
    '          GET /v1.0/workflow/processInstances · POST /v1.0/workflow/processInstances/comments',
    ...describeRobots(sim.robot),
    '  inspect: GET /__sim/state · POST /__sim/reset · POST /__sim/tokens/expire · POST /__sim/faults · POST /__sim/callback',
  ];
}
