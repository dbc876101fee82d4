import type { SeededRandom } from '../../simulator-kit/index.ts';
import { amountInCapitals, beijingDate, centsToAmount, legacyTime } from './format.ts';
import type { SeedEmployee } from './seed-employees.ts';

/** One form component of an instance, generation-neutral (rendered to snake_case or camelCase later). */
export interface FormComponent {
  id: string;
  /** Absent for a TextNote without a label (as DingTalk sends it). */
  name?: string;
  /** Always a string; complex types are JSON serialised into it. */
  value: string;
  extValue?: string;
  componentType: string;
  bizAlias: string;
}

/** Stable component ids of the seed-001 expense form (费用报销). */
export const EXPENSE_FORM_IDS = {
  project: 'DDSelectField_1D4W3KQ6XKHS0',
  category: 'DDSelectField_0J8YQ2P4Z3MO0',
  note: 'TextNote_7L0ZKXODKW40',
  adminType: 'DDSelectField_21ASBC4Y0MPS0',
  projectType: 'DDSelectField_1LCHT1H5VBNK0',
  table: 'TableField_9RG5CUD9MPC0',
  rowDate: 'DDDateField_1QXZ0C5EO4740',
  rowAmount: 'MoneyField_2KWLT6Q4DOKG0',
  rowText: 'TextareaField_1ZHBY7NKB0W00',
  rowRelate: 'RelateField_19HJ6D6T8A9S0',
  total: 'MoneyField_1G0DYOTV5OG00',
  attachment: 'DDAttachment_Z8S3OJ0H9CG0',
  remark: 'TextareaField_G1A4H0F0BLS0',
} as const;

const PROJECTS = [
  '华东智慧园区项目',
  '西南数据中心项目',
  '苏州工厂MES项目',
  '深圳零售门店改造项目',
  '北京政务云项目',
];
const ADMIN_TYPES: Record<string, string[]> = {
  办公用品: ['购买打印纸与墨盒', '采购办公文具一批', '更换会议室投影仪灯泡'],
  差旅费: ['上海出差高铁票', '广州客户拜访机票', '杭州培训住宿费'],
  业务招待费: ['招待华润客户午餐', '供应商来访接待晚餐'],
  交通费: ['加班打车费', '市内拜访客户出租车费'],
  通讯费: ['手机话费补贴', '宽带续费'],
  培训费: ['财务软件培训报名费', '安全生产培训费'],
};
const PROJECT_TYPES: Record<string, string[]> = {
  项目差旅费: ['项目现场出差往返机票', '驻场住宿费'],
  项目材料费: ['现场施工辅材采购', '网线与交换机配件'],
  外包服务费: ['外包测试服务费', '临时施工劳务费'],
  项目招待费: ['项目验收招待客户'],
  项目交通费: ['项目现场往返租车费'],
};
const NOTE_TEXT = '请按公司财务制度如实填写，发票须在费用发生后 30 天内提交。';

/** The generated form and its total in cents. */
export interface ExpenseForm {
  components: FormComponent[];
  totalCents: number;
  /** The 报销类别 chosen (行政报销 | 项目报销). */
  category: string;
}

/** Builds the seed-001 expense form of one instance from its seeded random stream. */
export function buildExpenseForm(
  rnd: SeededRandom,
  originator: SeedEmployee,
  createMs: number,
  instanceId: string,
): ExpenseForm {
  const isProject = rnd.chance(0.45);
  const category = isProject ? '项目报销' : '行政报销';
  const typeNames = isProject ? PROJECT_TYPE_NAMES : ADMIN_TYPE_NAMES;
  const typeName = rnd.pick(typeNames);
  const texts = (isProject ? PROJECT_TYPES : ADMIN_TYPES)[typeName] ?? ['费用'];
  const project = isProject ? rnd.pick(PROJECTS) : '公司日常运营';
  const rowCount = rnd.int(1, 4);
  const rows: ExpenseRow[] = [];
  let totalCents = 0;
  for (let i = 0; i < rowCount; i++) {
    const cents = rnd.int(2, 300) * 100 + (rnd.chance(0.5) ? rnd.int(0, 99) : 0);
    const dateMs = createMs - rnd.int(1, 30) * 86_400_000;
    rows.push({ cents, dateMs, text: rnd.pick(texts), rowKey: rowKeyOf(rnd, i) });
    totalCents += cents;
  }
  const total = centsToAmount(totalCents);
  const upper = amountInCapitals(totalCents);
  const components: FormComponent[] = [
    select(EXPENSE_FORM_IDS.project, '费用归属项目', project, PROJECT_OPTIONS),
    select(EXPENSE_FORM_IDS.category, '报销类别', category, CATEGORY_OPTIONS),
    { id: EXPENSE_FORM_IDS.note, value: NOTE_TEXT, componentType: 'TextNote', bizAlias: '' },
    isProject
      ? hidden(EXPENSE_FORM_IDS.adminType, '行政报销类型')
      : select(EXPENSE_FORM_IDS.adminType, '行政报销类型', typeName, typeNames),
    isProject
      ? select(EXPENSE_FORM_IDS.projectType, '项目报销类型', typeName, typeNames)
      : hidden(EXPENSE_FORM_IDS.projectType, '项目报销类型'),
    {
      id: EXPENSE_FORM_IDS.table,
      name: '报销明细',
      value: tableValue(rnd, rows, isProject, originator, instanceId),
      extValue: `{"statValue":[{"id":"${EXPENSE_FORM_IDS.rowAmount}","label":"报销金额(元)","num":"${total}","upper":"${upper}"}],"componentName":"TableField"}`,
      componentType: 'TableField',
      bizAlias: '',
    },
    {
      id: EXPENSE_FORM_IDS.total,
      name: '报销总金额(元)',
      value: total,
      extValue: `{"upper":"${upper}","componentName":"MoneyField"}`,
      componentType: 'MoneyField',
      bizAlias: 'totalAmount',
    },
    {
      id: EXPENSE_FORM_IDS.attachment,
      name: '附件',
      value: attachmentsValue(rnd, rows.length),
      componentType: 'DDAttachment',
      bizAlias: '',
    },
    {
      id: EXPENSE_FORM_IDS.remark,
      name: '备注',
      value: rnd.chance(0.3) ? `${originator.deptName}${typeName}报销` : '',
      componentType: 'TextareaField',
      bizAlias: '',
    },
  ];
  return { components, totalCents, category };
}

/** One line of 报销明细 as drawn. */
interface ExpenseRow {
  cents: number;
  dateMs: number;
  text: string;
  rowKey: string;
}

const ADMIN_TYPE_NAMES = Object.keys(ADMIN_TYPES);
const PROJECT_TYPE_NAMES = Object.keys(PROJECT_TYPES);
const PROJECT_OPTIONS = ['公司日常运营', ...PROJECTS];
const CATEGORY_OPTIONS = ['行政报销', '项目报销'];
/** `ext_value` of a select by option list and label (a few dozen distinct texts, made once). */
const SELECT_EXT = new Map<readonly string[], Map<string, string>>();

/** A select component with its chosen label; `ext_value` is `{"label","key":"option_<index>"}`. */
function select(id: string, name: string, label: string, options: readonly string[]): FormComponent {
  let byLabel = SELECT_EXT.get(options);
  if (!byLabel) {
    byLabel = new Map();
    SELECT_EXT.set(options, byLabel);
  }
  let extValue = byLabel.get(label);
  if (extValue === undefined) {
    extValue = JSON.stringify({ label, key: `option_${Math.max(0, options.indexOf(label))}` });
    byLabel.set(label, extValue);
  }
  return { id, name, value: label, extValue, componentType: 'DDSelectField', bizAlias: '' };
}

const q = JSON.stringify;
const ROW_DATE_HEAD = `{"rowValue":[{"label":"费用发生日期","key":"${EXPENSE_FORM_IDS.rowDate}","value":"`;
const ROW_AMOUNT_HEAD = `"},{"label":"报销金额(元)","key":"${EXPENSE_FORM_IDS.rowAmount}","value":"`;
const ROW_TEXT_HEAD = `"},{"label":"费用明细","key":"${EXPENSE_FORM_IDS.rowText}","value":`;
const ROW_NUMBER_HEAD = `],"rowNumber":"${EXPENSE_FORM_IDS.table}_`;

/**
 * The 报销明细 value: the JSON text of `[{rowValue:[{label,key,value}…], rowNumber}]`, written directly
 * (the same text `JSON.stringify` gives; every generated piece but the quoted ones is plain ASCII).
 */
function tableValue(
  rnd: SeededRandom,
  rows: readonly ExpenseRow[],
  isProject: boolean,
  originator: SeedEmployee,
  instanceId: string,
): string {
  let out = '[';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ExpenseRow;
    if (i > 0) out += ',';
    out += `${ROW_DATE_HEAD}${beijingDate(row.dateMs)}${ROW_AMOUNT_HEAD}${centsToAmount(row.cents)}${ROW_TEXT_HEAD}${q(row.text)}}`;
    if (isProject) out += `,${relateCell(rnd, originator, row.cents, row.dateMs, instanceId)}`;
    out += `${ROW_NUMBER_HEAD}${row.rowKey}"}`;
  }
  return `${out}]`;
}

/** A conditional select that the form hides for this category: present with an empty value. */
function hidden(id: string, name: string): FormComponent {
  return { id, name, value: '', componentType: 'DDSelectField', bizAlias: '' };
}

const ROW_KEY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function rowKeyOf(rnd: SeededRandom, i: number): string {
  let key = '';
  for (let k = 0; k < 12; k++) key += ROW_KEY_ALPHABET[rnd.int(0, 35)];
  return `${key}${i}`;
}

function attachmentsValue(rnd: SeededRandom, count: number): string {
  if (rnd.chance(0.3)) return '';
  let out = '[';
  for (let i = 0; i < Math.min(2, count); i++) {
    const spaceId = rnd.int(1_000_000_000, 9_999_999_999);
    const fileSize = rnd.int(20_000, 2_000_000);
    const fileId = rnd.int(10_000_000_000, 99_999_999_999);
    out += i === 0 ? '' : ',';
    out += `{"spaceId":"${spaceId}","fileName":"${i === 0 ? '发票.pdf' : `报销凭证${i}.jpg`}","fileSize":"${fileSize}","fileType":"${i === 0 ? 'pdf' : 'jpg'}","fileId":"${fileId}"}`;
  }
  return `${out}]`;
}

/**
 * The 项目费用明细 cell: a related project-cost approval (关联审批单). The seed-001 field list shows its
 * members; the exact real encoding is not verified (see README).
 */
function relateCell(
  rnd: SeededRandom,
  originator: SeedEmployee,
  cents: number,
  dateMs: number,
  instanceId: string,
): string {
  const date = beijingDate(dateMs);
  const day = `${date.slice(0, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
  const approval = rnd.int(1000, 9999);
  const invoice = rnd.chance(0.6) ? '已上传' : '';
  const account = `6222 0212 ${rnd.int(1000, 9999)} ${rnd.int(1000, 9999)}`;
  const companyPays = rnd.chance(0.2) ? '是' : '';
  const id = `${instanceId.slice(0, 10)}R${rnd.int(100, 999)}`;
  const businessId = `${day}0930${rnd.int(100000000, 999999999)}`;
  return (
    `{"label":"项目费用明细","key":"${EXPENSE_FORM_IDS.rowRelate}","value":[{${RELATE_HEAD}` +
    `"总金额":"${centsToAmount(cents)}","关联审批单":"PJ${day}${approval}","TextNote-KDE5B2G3":"关联项目立项审批单",` +
    `"电子发票":"${invoice}","收款账号":"${account}","公司帐号付款(如需公司帐号付款请选择)":"${companyPays}",` +
    `"报销凭证拍照上传":"","附件":"","id":${q(id)},"title":${q(`${originator.name}提交的项目费用申请`)},` +
    `"extend":{"create_time":"${legacyTime(dateMs)}","finish_time":"${legacyTime(dateMs + 3_600_000)}",` +
    `"originator_userid":${q(originator.userid)},"originator_dept_id":"${originator.deptId}","status":"COMPLETED",` +
    `"result":"agree","business_id":"${businessId}","originator_dept_name":${q(originator.deptName)},` +
    `"biz_action":"NONE"}}],"extendValue":{"componentName":"RelateField"}}`
  );
}

/** The constant first members of a 项目费用明细 related approval. */
const RELATE_HEAD = `"componentName":"RelateField","componentType":"RelateField","props":${JSON.stringify(
  JSON.stringify({ label: '项目费用明细', id: EXPENSE_FORM_IDS.rowRelate }),
)},`;
