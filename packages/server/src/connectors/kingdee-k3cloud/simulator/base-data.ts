import { SEED_DEPARTMENTS, SEED_EMPLOYEES } from '../../shared-seed/employees.ts';

/** One base-data record (基础资料): internal id, number (FNumber) and Chinese name. */
export interface BaseDataRecord {
  readonly id: number;
  readonly number: string;
  readonly name: string;
  /** Settlement types only: the type needs our bank account (FACCOUNTID). */
  readonly isBank?: boolean;
}

/** A base-data form (BD_Supplier, BD_Currency, …) with its records indexed by number. */
export interface BaseDataTable {
  readonly formId: string;
  /** Chinese form name, used in messages. */
  readonly label: string;
  /** Primary key field key as ExecuteBillQuery knows it (e.g. FSupplierId). */
  readonly idKey: string;
  readonly records: readonly BaseDataRecord[];
  readonly byNumber: ReadonlyMap<string, BaseDataRecord>;
  readonly byId: ReadonlyMap<number, BaseDataRecord>;
}

type Row = readonly [string, string, boolean?];

/** Builds a table; ids start at `firstId` and follow the record order. */
function table(
  formId: string,
  label: string,
  idKey: string,
  firstId: number,
  rows: readonly Row[],
): BaseDataTable {
  const records = rows.map(([number, name, isBank], i) => ({
    id: firstId + i,
    number,
    name,
    ...(isBank === undefined ? {} : { isBank }),
  }));
  return {
    formId,
    label,
    idKey,
    records,
    byNumber: new Map(records.map((r) => [r.number, r])),
    byId: new Map(records.map((r) => [r.id, r])),
  };
}

const CITIES = ['上海', '北京', '深圳', '杭州', '苏州', '南京', '广州', '成都', '武汉', '宁波'];
const WORDS = ['华信', '恒通', '鑫源', '博远', '中联', '瑞丰', '金桥', '天成', '宏达', '联创'];
const TRADES = [
  '电子科技有限公司',
  '物流有限公司',
  '办公用品有限公司',
  '机械设备有限公司',
  '信息技术有限公司',
  '包装材料有限公司',
];

/** Thirty suppliers with realistic names: VEN00001 … VEN00030. */
function supplierRows(): Row[] {
  return Array.from({ length: 30 }, (_, i) => {
    const name = `${CITIES[i % 10]}${WORDS[(i * 3) % 10]}${TRADES[i % TRADES.length]}`;
    return [`VEN${String(i + 1).padStart(5, '0')}`, name] as const;
  });
}

/** All base data of the simulated data centre, keyed by form id. */
export function createBaseData(): ReadonlyMap<string, BaseDataTable> {
  const tables = [
    table('ORG_Organizations', '组织', 'FOrgID', 1, [
      ['100', '总公司'],
      ['101', '华东分公司'],
      ['102', '华南分公司'],
      ['103', '华北分公司'],
    ]),
    table('BD_Supplier', '供应商', 'FSupplierId', 100_101, supplierRows()),
    table('BD_Customer', '客户', 'FCUSTID', 100_301, [
      ['CUST0001', '上海远景贸易有限公司'],
      ['CUST0002', '北京星河科技有限公司'],
      ['CUST0003', '深圳前海云帆实业有限公司'],
    ]),
    table(
      'BD_Empinfo',
      '员工',
      'FID',
      100_401,
      SEED_EMPLOYEES.map((e) => [e.jobNumber, e.name] as const),
    ),
    table(
      'BD_Department',
      '部门',
      'FDEPTID',
      100_501,
      SEED_DEPARTMENTS.map((d) => [d.deptNumber, d.deptName] as const),
    ),
    table('FIN_OTHERS', '其他往来单位', 'FID', 100_601, [
      ['OTH0001', '个人往来'],
      ['OTH0002', '税务局'],
    ]),
    table('BD_Currency', '币别', 'FCURRENCYID', 1, [
      ['PRE001', '人民币'],
      ['PRE002', '香港元'],
      ['PRE003', '欧元'],
      ['PRE004', '日本日圆'],
      ['PRE005', '新台币元'],
      ['PRE006', '英镑'],
      ['PRE007', '美元'],
    ]),
    table('BD_SETTLETYPE', '结算方式', 'FID', 1, [
      ['JSFS01_SYS', '现金', false],
      ['JSFS02_SYS', '现金支票', true],
      ['JSFS03_SYS', '转账支票', true],
      ['JSFS04_SYS', '电汇', true],
      ['JSFS05_SYS', '信汇', true],
      ['JSFS06_SYS', '商业承兑汇票', false],
      ['JSFS07_SYS', '银行承兑汇票', false],
    ]),
    table('CN_RECPAYPURPOSE', '收付款用途', 'FID', 1, [
      ['SFKYT01_SYS', '销售收款'],
      ['SFKYT02_SYS', '预收款'],
      ['SFKYT07_SYS', '其他收入'],
      ['SFKYT08_SYS', '采购付款'],
      ['SFKYT09_SYS', '预付款'],
      ['SFKYT10_SYS', '费用报销'],
    ]),
    table('BD_Expense', '费用项目', 'FEXPID', 20_001, [
      ['FYXM01', '差旅费'],
      ['FYXM02', '办公费'],
      ['FYXM03', '业务招待费'],
      ['FYXM04', '交通费'],
      ['FYXM05', '通讯费'],
      ['FYXM06', '培训费'],
      ['FYXM07', '会议费'],
      ['FYXM08', '福利费'],
      ['FYXM09', '广告宣传费'],
      ['FYXM10', '房租物业费'],
    ]),
    table('CN_BANKACNT', '银行账号', 'FBANKACNTID', 100_701, [
      ['6222000000000000', '工商银行上海分行基本户'],
      ['6217001234567890', '建设银行北京分行一般户'],
      ['6228480012345678', '农业银行深圳分行一般户'],
    ]),
    table('BOS_BillType', '单据类型', 'FBILLTYPEID', 1, [
      ['FKDLX01_SYS', '采购业务付款单'],
      ['FKDLX02_SYS', '其他业务付款单'],
    ]),
  ];
  return new Map(tables.map((t) => [t.formId, t]));
}

/** Counterparty types accepted in FCONTACTUNITTYPE / FRECTUNITTYPE (form ids with a table here). */
export const CONTACT_UNIT_TYPES = [
  'BD_Supplier',
  'BD_Customer',
  'BD_Department',
  'BD_Empinfo',
  'FIN_OTHERS',
  'ORG_Organizations',
] as const;
