import type { JsonObject } from '../../../json.ts';

/** Path of family-A voucher save (note Kingdee's misspelling "accouting", it is in the URL). */
export const VOUCHER_PATH = '/jdyaccouting/voucher';
/** Path of family-A voucher query. */
export const VOUCHER_LIST_PATH = '/jdyaccouting/voucherlist';
/** Most vouchers per family-A save (46004 above). */
export const MAX_VOUCHERS_PER_SAVE = 200;

/** The call parameters every family-A operation accepts (default: the connection and its authorization). */
export const ACCT_PARAM_PROPERTIES: JsonObject = {
  access_token: {
    type: 'string',
    title: '云平台访问令牌 access_token',
    description: '不填时使用连接自动获取的令牌',
  },
  sId: { type: 'string', title: '套账ID sId', description: '即授权的 serviceId；不填时取连接配置或授权信息' },
  dbId: {
    type: 'string',
    title: '子套账ID dbId',
    description: '即授权的 accountId；不填时取连接配置或授权信息',
  },
};

/** One voucher line (分录) of family A. */
export const ENTRY_SCHEMA: JsonObject = {
  type: 'object',
  required: ['acctNo', 'dc', 'amount'],
  properties: {
    exp: { type: 'string', title: '摘要' },
    acctNo: { type: 'string', title: '科目编码', description: '末级科目，如 6602.01' },
    dc: { type: 'integer', enum: [1, -1], title: '借贷方向', description: '1 借，-1 贷' },
    amount: { type: ['number', 'string'], title: '金额' },
    currency: { type: 'string', title: '币别', default: 'RMB' },
    rate: { type: 'number', title: '汇率', default: 1 },
    custNo: { type: 'string', title: '客户编码' },
    suppNo: { type: 'string', title: '供应商编码' },
    deptNo: { type: 'string', title: '部门编码' },
    empNo: { type: 'string', title: '职员编码' },
    projectNo: { type: 'string', title: '项目编码' },
    inventoryNo: { type: 'string', title: '存货编码' },
    qty: { type: 'number', title: '数量' },
    price: { type: 'number', title: '单价' },
  },
};

/** One family-A voucher (凭证). */
export const VOUCHER_SCHEMA: JsonObject = {
  type: 'object',
  required: ['date', 'entries'],
  properties: {
    linkId: { type: 'string', title: '外部单据ID linkId', description: '唯一；用于防重和查询是否已写入' },
    groupName: { type: 'string', title: '凭证字', enum: ['记', '收', '付', '转'], default: '记' },
    vchNumber: { type: 'integer', title: '凭证号', description: '0 或不填为自动编号' },
    date: { type: 'string', title: '凭证日期', description: 'yyyy-MM-dd' },
    yearPeriod: { type: 'integer', title: '会计期间', description: 'yyyyMM' },
    entries: { type: 'array', title: '分录', items: ENTRY_SCHEMA },
  },
};

/** A balanced sample voucher (差旅报销). */
export const SAMPLE_VOUCHER: JsonObject = {
  linkId: 'qiao-20260304-0001',
  groupName: '记',
  date: '2026-03-04',
  yearPeriod: 202603,
  entries: [
    { exp: '报销差旅费', acctNo: '6602.02', dc: 1, amount: 1280.5 },
    { exp: '报销差旅费', acctNo: '1002', dc: -1, amount: 1280.5 },
  ],
};

/** Output of a saved voucher. */
export const SAVED_VOUCHER_SCHEMA: JsonObject = {
  type: 'object',
  properties: {
    vchId: { type: 'string', title: '凭证ID' },
    id: { type: 'string', title: '凭证ID' },
    linkId: { type: 'string', title: '外部单据ID' },
  },
};
