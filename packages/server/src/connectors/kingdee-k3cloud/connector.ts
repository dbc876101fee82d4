import { defineConnector } from '../kit/index.ts';
import { k3CloudAuth, signK3CloudHeaders } from './auth.ts';
import { classifyK3CloudError } from './classify.ts';
import { auditOperation } from './operations/audit.ts';
import { batchSaveOperation } from './operations/batch-save.ts';
import { executeBillQueryOperation } from './operations/execute-bill-query.ts';
import { lookupBaseDataOperation } from './operations/lookup-base-data.ts';
import { saveOperation } from './operations/save.ts';
import { submitOperation } from './operations/submit.ts';
import { viewOperation } from './operations/view.ts';

/**
 * The Kingdee K3Cloud (金蝶云星空) WebAPI connector. Connection config: `baseUrl` (…/K3Cloud/),
 * `acctId`, `username`, `lcid` (2052), `authMode` ('session' | 'signed'), optional `orgNum`;
 * secrets: `password` (session) or `appId` + `appSecret` (signed, 第三方系统登录授权).
 */
export const k3cloudConnector = defineConnector({
  id: 'kingdee-k3cloud',
  version: '1.0.0',
  name: { zh: '金蝶云星空', en: 'Kingdee K3Cloud' },
  description:
    'Kingdee Cloud Galaxy WebAPI: Save/BatchSave/Submit/Audit/View bills, ExecuteBillQuery, base-data lookup.',
  baseUrl: '{{ config.baseUrl }}',
  auth: k3CloudAuth,
  sign: signK3CloudHeaders,
  operations: {
    save: saveOperation,
    batchSave: batchSaveOperation,
    submit: submitOperation,
    audit: auditOperation,
    view: viewOperation,
    executeBillQuery: executeBillQueryOperation,
    lookupBaseData: lookupBaseDataOperation,
  },
  classifyError: classifyK3CloudError,
  // No documented limit (reference §8); a modest default per connection keeps one ERP from being flooded.
  rateLimit: { perSecond: 10, burst: 10, per: 'connection' },
  timeoutMs: 60_000,
});
