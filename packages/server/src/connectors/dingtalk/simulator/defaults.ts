/** Documented demo credentials and callback settings of the DingTalk simulator (printed by the CLI). */
export const DINGTALK_SIM_DEFAULTS = {
  appKey: 'dingsimappkey0001',
  appSecret: 'sim-app-secret-qiao-demo-0001',
  corpId: 'dingsimcorp00000001',
  processCode: 'PROC-4A3B2C1D-0E9F-4811-A7B6-C5D4E3F2A1B0',
  callbackToken: 'qiaosimtoken',
  callbackAesKey: 'qiaoSimulatorAesKey0123456789abcdefghijklmn',
} as const;
