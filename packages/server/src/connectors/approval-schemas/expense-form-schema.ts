import type { JsonObject } from '../../json.ts';

/** What differs between systems in the decoded expense form: labels, detail-row columns, amount and attachment types. */
export interface ExpenseFormSchemaParts {
  title: string;
  description: string;
  /** Column schemas of one 报销明细 row, keyed by column name. */
  detailRow: JsonObject;
  /** Schema of 报销总金额(元). */
  total: JsonObject;
  /** Schema of 附件. */
  attachments: JsonObject;
}

/**
 * The JSON Schema of the decoded seed-001 expense form (费用报销), keyed by the form's Chinese field names:
 * the choice and text fields are the same on every approval system, the parts are the system's own.
 */
export function expenseFormSchema(parts: ExpenseFormSchemaParts): JsonObject {
  return {
    type: 'object',
    title: parts.title,
    description: parts.description,
    additionalProperties: true,
    properties: {
      费用归属项目: { type: 'string', title: '费用归属项目' },
      报销类别: { type: 'string', title: '报销类别', enum: ['行政报销', '项目报销'] },
      行政报销类型: { type: 'string', title: '行政报销类型' },
      项目报销类型: { type: 'string', title: '项目报销类型' },
      报销明细: {
        type: 'array',
        title: '报销明细',
        items: { type: 'object', properties: parts.detailRow },
      },
      '报销总金额(元)': parts.total,
      附件: parts.attachments,
      备注: { type: 'string', title: '备注' },
    },
  };
}
