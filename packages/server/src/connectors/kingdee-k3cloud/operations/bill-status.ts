import { QiaoError } from '../../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../../json.ts';
import type { OperationDeclaration } from '../../kit/index.ts';
import { defineOperation } from '../../kit/index.ts';
import { dynamicFormRequest, formIdOf, pickParams, responseStatusOf } from '../k3-envelope.ts';

/** The bills named by the input: `Numbers` (array or comma list) or `Ids` (comma list or array). */
function targets(input: JsonObject): JsonObject {
  const list = (value: JsonValue | undefined) =>
    (Array.isArray(value)
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? String(value).split(',')
        : []
    )
      .map((v) => String(v).trim())
      .filter(Boolean);
  const numbers = list(input.Numbers);
  if (numbers.length > 0) return { Numbers: numbers };
  const ids = list(input.Ids);
  if (ids.length > 0) return { Ids: ids.join(',') };
  throw new QiaoError(
    'INPUT_INVALID',
    '请指定单据编码 Numbers 或单据内码 Ids / give the bill numbers (Numbers) or internal IDs (Ids)',
    {
      details: { fields: ['Numbers', 'Ids'] },
    },
  );
}

/**
 * A status operation on existing bills (`Submit`, `Audit`): `{FormId, Numbers | Ids}` → `{bills:
 * [{Id, Number}]}`. Any failing bill fails the call with the system's messages (the bills that did
 * succeed are listed in `error.system.SuccessEntitys`).
 */
export function billStatusOperation(op: 'Submit' | 'Audit', label: string): OperationDeclaration {
  return defineOperation({
    name: `${label} / ${op}`,
    description: `${op}s bills by number or internal id.`,
    method: 'POST',
    write: true,
    inputSchema: {
      type: 'object',
      properties: {
        FormId: { type: 'string', title: '业务对象表单Id', default: 'AP_PAYBILL' },
        Numbers: { type: 'array', items: { type: 'string' }, title: '单据编码集合' },
        Ids: { type: 'string', title: '单据内码集合', description: '逗号分隔' },
        CreateOrgId: { type: 'integer', title: '创建者组织内码', default: 0 },
        InterationFlags: { type: 'string', title: '交互标志集合' },
        NetworkCtrl: { type: 'string', title: '是否启用网控' },
      },
    },
    outputSchema: {
      type: 'object',
      properties: {
        bills: {
          type: 'array',
          items: { type: 'object', properties: { Id: { title: '实体主键' }, Number: { title: '单据编号' } } },
        },
      },
    },
    sample: { bills: [{ Id: '100021', Number: 'FKD-DT-202603040001' }] },
    buildRequest(context) {
      const { input } = context;
      const data: JsonObject = {
        CreateOrgId: 0,
        ...pickParams(input, ['CreateOrgId', 'InterationFlags', 'NetworkCtrl', 'IgnoreInterationFlag']),
        ...targets(input),
      };
      return dynamicFormRequest(context, op, { formid: formIdOf(input), data });
    },
    parseOutput(response) {
      const entities = responseStatusOf(response.body)?.SuccessEntitys ?? [];
      return { bills: entities.map((e) => ({ Id: e.Id, Number: e.Number })) };
    },
  });
}
