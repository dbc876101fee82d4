import type { SeededRandom } from '../../simulator-kit/index.ts';
import type { FeishuPerson } from './people.ts';

/** One form widget as Feishu encodes it inside the `form` JSON string (reference §2.2). */
export interface FormWidget {
  id: string;
  custom_id?: string;
  name: string;
  type: string;
  value: unknown;
  ext: unknown;
  option?: { key: string; text: string };
}

/** Stable widget ids of the seeded expense form (费用报销). */
export const EXPENSE_WIDGET_IDS = {
  project: 'widget16958816541230001',
  category: 'widget16958816541230002',
  adminType: 'widget16958816541230003',
  projectType: 'widget16958816541230004',
  table: 'widget16958816541230005',
  rowDate: 'widget16958816541230006',
  rowAmount: 'widget16958816541230007',
  rowText: 'widget16958816541230008',
  total: 'widget16958816541230009',
  attachment: 'widget16958816541230010',
  remark: 'widget16958816541230011',
} as const;

const PROJECTS = [
  '华东智慧园区项目',
  '西南数据中心项目',
  '苏州工厂MES项目',
  '深圳零售门店改造项目',
  '北京政务云项目',
];
const ADMIN_TYPES: Record<string, string[]> = {
  办公用品: ['购买打印纸与墨盒', '采购办公文具一批'],
  差旅费: ['上海出差高铁票', '广州客户拜访机票', '杭州培训住宿费'],
  业务招待费: ['招待华润客户午餐', '供应商来访接待晚餐'],
  交通费: ['加班打车费', '市内拜访客户出租车费'],
  培训费: ['财务软件培训报名费'],
};
const PROJECT_TYPES: Record<string, string[]> = {
  项目差旅费: ['项目现场出差往返机票', '驻场住宿费'],
  项目材料费: ['现场施工辅材采购', '网线与交换机配件'],
  外包服务费: ['外包测试服务费'],
};

/** The generated form and its total in cents. */
export interface ExpenseForm {
  widgets: FormWidget[];
  totalCents: number;
}

/** `YYYY-MM-DD` of an epoch-ms instant in Beijing time. */
export function beijingDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Builds the expense form of one instance from its seeded random stream. */
export function buildExpenseForm(rnd: SeededRandom, originator: FeishuPerson, createMs: number): ExpenseForm {
  const isProject = rnd.chance(0.45);
  const types = isProject ? PROJECT_TYPES : ADMIN_TYPES;
  const typeNames = Object.keys(types);
  const typeName = rnd.pick(typeNames);
  const rows = Array.from({ length: rnd.int(1, 4) }, () => ({
    cents: rnd.int(2, 300) * 100 + (rnd.chance(0.5) ? rnd.int(0, 99) : 0),
    dateMs: createMs - rnd.int(1, 30) * 86_400_000,
    text: rnd.pick(types[typeName] ?? ['费用']),
  }));
  const totalCents = rows.reduce((sum, row) => sum + row.cents, 0);
  const radio = (id: string, name: string, text: string, options: string[]): FormWidget => ({
    id,
    name,
    type: 'radioV2',
    value: text,
    ext: null,
    option: { key: `l${Math.max(0, options.indexOf(text)).toString(36)}qiao${id.slice(-2)}`, text },
  });
  const widgets: FormWidget[] = [
    radio(EXPENSE_WIDGET_IDS.project, '费用归属项目', isProject ? rnd.pick(PROJECTS) : '公司日常运营', [
      '公司日常运营',
      ...PROJECTS,
    ]),
    radio(EXPENSE_WIDGET_IDS.category, '报销类别', isProject ? '项目报销' : '行政报销', [
      '行政报销',
      '项目报销',
    ]),
    isProject
      ? radio(EXPENSE_WIDGET_IDS.projectType, '项目报销类型', typeName, typeNames)
      : radio(EXPENSE_WIDGET_IDS.adminType, '行政报销类型', typeName, typeNames),
    {
      id: EXPENSE_WIDGET_IDS.table,
      name: '报销明细',
      type: 'fieldList',
      value: rows.map((row) => [
        {
          id: EXPENSE_WIDGET_IDS.rowDate,
          name: '费用发生日期',
          type: 'date',
          value: `${beijingDate(row.dateMs)}T00:00:00+08:00`,
          ext: null,
        },
        {
          id: EXPENSE_WIDGET_IDS.rowAmount,
          name: '报销金额(元)',
          type: 'amount',
          value: row.cents / 100,
          ext: null,
        },
        { id: EXPENSE_WIDGET_IDS.rowText, name: '费用明细', type: 'textarea', value: row.text, ext: null },
      ]),
      ext: [{ id: EXPENSE_WIDGET_IDS.rowAmount, type: 'amount', value: (totalCents / 100).toFixed(2) }],
    },
    {
      id: EXPENSE_WIDGET_IDS.total,
      name: '报销总金额(元)',
      type: 'amount',
      value: totalCents / 100,
      ext: null,
    },
    attachments(rnd, rows.length),
    {
      id: EXPENSE_WIDGET_IDS.remark,
      name: '备注',
      type: 'textarea',
      value: rnd.chance(0.3) ? `${originator.employee.deptName}${typeName}报销` : '',
      ext: null,
    },
  ];
  return { widgets, totalCents };
}

function attachments(rnd: SeededRandom, count: number): FormWidget {
  const files = rnd.chance(0.3)
    ? []
    : Array.from({ length: Math.min(2, count) }, (_, i) => (i === 0 ? '发票.pdf' : `报销凭证${i}.jpg`));
  return {
    id: EXPENSE_WIDGET_IDS.attachment,
    name: '附件',
    type: 'attachmentV2',
    value: files.map(
      (_, i) => `https://internal-api-lark-file.feishu.cn/api/download/qiaosim${rnd.int(100000, 999999)}${i}`,
    ),
    ext: files.join(','),
  };
}
