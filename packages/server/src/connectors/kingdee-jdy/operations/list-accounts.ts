import { isJsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/index.ts';
import { acctRequest } from '../envelope.ts';
import { ACCT_PARAM_PROPERTIES } from './voucher-schema.ts';

/** Path of the family-A chart of accounts. */
export const ACCOUNT_PATH = '/jdyaccouting/account';

/** `GET /jdyaccouting/account`: the book's chart of accounts (科目表) as a list. */
export const listAccountsOperation = defineOperation({
  name: '查询科目 / List accounts',
  description: 'The chart of accounts of the book; only leaf (末级) accounts may be used on voucher lines.',
  method: 'GET',
  path: ACCOUNT_PATH,
  inputSchema: { type: 'object', properties: { ...ACCT_PARAM_PROPERTIES } },
  outputSchema: {
    type: 'array',
    title: '科目',
    items: {
      type: 'object',
      properties: {
        id: { type: 'string', title: '科目ID' },
        number: { type: 'string', title: '科目编码' },
        name: { type: 'string', title: '科目名称' },
        fullName: { type: 'string', title: '科目全名' },
        level: { type: 'integer', title: '级次' },
        isLeaf: { type: 'boolean', title: '是否末级' },
        dc: { type: 'integer', title: '余额方向' },
      },
    },
  },
  sample: [
    {
      id: '40',
      number: '6602.02',
      name: '差旅费',
      fullName: '管理费用_差旅费',
      level: 2,
      isLeaf: true,
      dc: 1,
    },
  ],
  buildRequest: (context) => acctRequest(context, 'GET', ACCOUNT_PATH),
  parseOutput: (response) =>
    isJsonObject(response.body) && Array.isArray(response.body.items) ? response.body.items : [],
});
