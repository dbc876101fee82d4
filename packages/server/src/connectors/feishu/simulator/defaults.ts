/** Documented demo credentials and callback settings of the Feishu simulator (printed by the CLI). */
export const FEISHU_SIM_DEFAULTS = {
  appId: 'cli_a5qiaosim0001',
  appSecret: 'qiaoSimFeishuAppSecret000000001',
  tenantKey: '2ed263bf32cf1651',
  approvalCode: '7C468A54-8745-2245-9675-08B7C63E7A85',
  approvalName: '费用报销',
  verificationToken: 'qiaoSimVerificationToken0001',
  encryptKey: 'qiaoSimFeishuEncryptKey0001',
} as const;
