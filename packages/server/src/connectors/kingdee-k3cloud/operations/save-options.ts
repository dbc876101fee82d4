import type { JsonObject } from '../../../json.ts';

/** The Save/BatchSave `data` parameters taken from the operation input as is (reference §4). */
export const SAVE_PARAM_KEYS = [
  'NeedUpDateFields',
  'NeedReturnFields',
  'IsDeleteEntry',
  'SubSystemId',
  'IsVerifyBaseDataField',
  'IsEntryBatchFill',
  'ValidateFlag',
  'NumberSearch',
  'IsAutoAdjustField',
  'InterationFlags',
  'IgnoreInterationFlag',
  'IsControlPrecision',
  'ValidateRepeatJson',
  'IsAutoSubmitAndAudit',
  'Creator',
] as const;

/** JSON Schema properties of the Save/BatchSave options, titled with K3Cloud's own labels. */
export const SAVE_OPTION_PROPERTIES: JsonObject = {
  FormId: { type: 'string', title: '业务对象表单Id', default: 'AP_PAYBILL' },
  NeedUpDateFields: { type: 'array', items: { type: 'string' }, title: '需要更新的字段' },
  NeedReturnFields: { type: 'array', items: { type: 'string' }, title: '需返回结果的字段集合' },
  IsDeleteEntry: { type: 'boolean', title: '是否删除已存在的分录', default: true },
  SubSystemId: { type: 'string', title: '表单所在的子系统内码' },
  IsVerifyBaseDataField: { type: 'boolean', title: '是否验证所有的基础资料有效性', default: false },
  IsEntryBatchFill: { type: 'boolean', title: '是否批量填充分录', default: true },
  ValidateFlag: { type: 'boolean', title: '是否执行校验', default: true },
  NumberSearch: { type: 'boolean', title: '是否用编码搜索基础资料', default: true },
  IsAutoAdjustField: { type: 'boolean', title: '是否自动调整字段值', default: false },
  InterationFlags: { type: 'string', title: '交互标志集合' },
  IgnoreInterationFlag: { type: 'boolean', title: '是否允许忽略交互' },
  IsControlPrecision: { type: 'boolean', title: '是否控制精度', default: false },
  ValidateRepeatJson: { type: 'boolean', title: '校验Json数据包是否重复传入', default: false },
  IsAutoSubmitAndAudit: { type: 'boolean', title: '是否自动提交与审核', default: false },
  Creator: { type: 'string', title: '创建者' },
};

/** A sample AP_PAYBILL `Model` (shape of the reference's minimal create example). */
export const SAMPLE_PAY_BILL: JsonObject = {
  FBillNo: 'FKD-DT-202603040001',
  FBillTypeID: { FNumber: 'FKDLX02_SYS' },
  FDATE: '2026-03-04',
  FCONTACTUNITTYPE: 'BD_Empinfo',
  FCONTACTUNIT: { FNumber: 'E0001' },
  FRECTUNITTYPE: 'BD_Empinfo',
  FRECTUNIT: { FNumber: 'E0001' },
  FPAYORGID: { FNumber: '100' },
  FSETTLEORGID: { FNumber: '100' },
  FCURRENCYID: { FNumber: 'PRE001' },
  FREMARK: 'DingTalk 202603041015000123',
  FPAYBILLENTRY: [
    {
      FSETTLETYPEID: { FNumber: 'JSFS01_SYS' },
      FPURPOSEID: { FNumber: 'SFKYT10_SYS' },
      FPAYTOTALAMOUNTFOR: 1200,
      FCOMMENT: '差旅报销',
    },
  ],
};
