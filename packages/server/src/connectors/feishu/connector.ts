import { defineConnector } from '../kit/connector-declaration.ts';
import { feishuAuth } from './auth.ts';
import { classifyFeishuError } from './classify-error.ts';
import { addComment } from './operations/add-comment.ts';
import { getInstance } from './operations/get-instance.ts';
import { listInstanceCodes } from './operations/list-instance-codes.ts';
import { listInstances } from './operations/list-instances.ts';

/**
 * The Feishu (飞书) connector: approval instances (list codes, detail with the form decoded,
 * list with details, comment write-back) on the open platform's approval v4 API.
 * Connection config: `baseUrl` (default https://open.feishu.cn; Lark: https://open.larksuite.com),
 * `approvalCode`, optional `commentUserId`; secrets: `appId`, `appSecret` (and
 * `verificationToken`, `encryptKey` for callbacks).
 */
export const feishuConnector = defineConnector({
  id: 'feishu',
  version: '1.0.0',
  name: { zh: '飞书', en: 'Feishu' },
  description:
    '飞书审批：审批实例列表与详情（表单按控件名称解码）、审批评论回写、审批事件回调（加密与签名校验）。',
  baseUrl: 'https://open.feishu.cn',
  auth: feishuAuth,
  operations: { listInstanceCodes, getInstance, listInstances, addComment },
  classifyError: classifyFeishuError,
  // Approval APIs: ~50 req/s and 1000 req/min per app (reference §2.4). A burst of 30 plus 16/s keeps
  // any one-second window under 50 (30 + 16) and any minute under 1000 (30 + 960).
  rateLimit: { perSecond: 16, burst: 30, per: 'connection' },
  timeoutMs: 15_000,
});
