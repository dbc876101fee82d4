import { defineConnector } from '../kit/connector-declaration.ts';
import { dingtalkAuth } from './auth.ts';
import { classifyDingtalkError } from './classify-error.ts';
import { addComment } from './operations/add-comment.ts';
import { addCommentV1 } from './operations/add-comment-v1.ts';
import { getInstance } from './operations/get-instance.ts';
import { getInstanceV1 } from './operations/get-instance-v1.ts';
import { listInstanceIds } from './operations/list-instance-ids.ts';
import { listInstanceIdsV1 } from './operations/list-instance-ids-v1.ts';
import { listInstances } from './operations/list-instances.ts';

/**
 * The DingTalk (钉钉) connector: OA approval instances (list ids, detail with the form decoded,
 * list with details, comment write-back) on the legacy `oapi` API and the v1.0 `api` API.
 * Connection config: `baseUrl` (legacy host), `apiBaseUrl` (v1.0 host, default `baseUrl`),
 * `processCode`, optional `commentUserId`, `tokenApi` (`legacy` | `v1`), `v1TimeZone` (`beijing` | `utc`);
 * secrets: `appKey`, `appSecret` (and `callbackToken`, `callbackAesKey` for callbacks).
 */
export const dingtalkConnector = defineConnector({
  id: 'dingtalk',
  version: '1.0.0',
  name: { zh: '钉钉', en: 'DingTalk' },
  description: '钉钉 OA 审批：审批实例列表与详情（表单按字段名解码）、审批评论回写、审批事件回调。',
  baseUrl: 'https://oapi.dingtalk.com',
  auth: dingtalkAuth,
  operations: {
    listInstanceIds,
    getInstance,
    listInstances,
    addComment,
    listInstanceIdsV1,
    getInstanceV1,
    addCommentV1,
  },
  classifyError: classifyDingtalkError,
  // 20 QPS per app per API on a standard-edition org (reference §2), counted in fixed one-second windows:
  // paced at 19/s, so a call that timer jitter delays across a window's edge cannot tip that second over 20.
  // One bucket per connection + operation.
  rateLimit: { perSecond: 19, per: 'operation' },
  timeoutMs: 15_000,
});
