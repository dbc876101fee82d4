import { bilingual, QiaoError } from '../../errors/index.ts';
import type { JsonValue } from '../../json.ts';
import { isJsonObject } from '../../json.ts';
import type { OperationContext, OperationDeclaration } from './connector-declaration.ts';
import { evaluateExpression } from './expressions.ts';
import type { BatchItemResult } from './gateway.ts';
import type { HttpResponse } from './http-transport.ts';

/**
 * Reads per-record results of a batch write: the `parseBatch` hook, or the `batch.results` expression
 * over the body (with `$records`) giving items like `{index?, ok|success, targetId|id, targetNumber|number,
 * error|message, duplicate?}`. Records without a result are uncertain writes.
 */
export async function readBatchResults(
  op: OperationDeclaration,
  response: HttpResponse,
  records: JsonValue[],
  context: OperationContext,
): Promise<BatchItemResult[]> {
  if (op.parseBatch) return op.parseBatch(response, records, context);
  const expression = op.batch?.results;
  const raw = expression
    ? await evaluateExpression(expression, response.body, { records, status: response.status })
    : undefined;
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const results: (BatchItemResult | undefined)[] = new Array(records.length).fill(undefined);
  list.forEach((item, position) => {
    const result = toResult(item, position);
    if (result.index >= 0 && result.index < records.length) results[result.index] = result;
  });
  return results.map((r, index) => r ?? missing(index));
}

function toResult(item: JsonValue, position: number): BatchItemResult {
  if (!isJsonObject(item)) return { index: position, ok: item === true };
  const index = typeof item.index === 'number' ? item.index : position;
  const errorText = textOf(item.error) ?? textOf(item.message);
  const ok =
    typeof item.ok === 'boolean'
      ? item.ok
      : typeof item.success === 'boolean'
        ? item.success
        : errorText === undefined;
  const result: BatchItemResult = { index, ok };
  const id = item.targetId ?? item.id;
  const number = item.targetNumber ?? item.number;
  if (id !== undefined && id !== null) result.targetId = String(id);
  if (number !== undefined && number !== null) result.targetNumber = String(number);
  if (!ok) {
    const code = item.duplicate === true ? 'CONNECTOR_DUPLICATE' : 'CONNECTOR_REJECTED';
    const system = isJsonObject(item.system) ? item.system : { item };
    const message =
      errorText === undefined
        ? bilingual('目标系统拒绝了该记录', 'the target system rejected the record')
        : bilingual(
            `目标系统拒绝了该记录：${errorText}`,
            `the target system rejected the record: ${errorText}`,
          );
    result.error = new QiaoError(code, message, { system }).toStructured();
  }
  return result;
}

function textOf(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (isJsonObject(value) && typeof value.message === 'string') return value.message;
  return JSON.stringify(value);
}

function missing(index: number): BatchItemResult {
  // The system said nothing about this record: it may or may not have been written.
  const error = new QiaoError(
    'CONNECTOR_UNCERTAIN_WRITE',
    '目标系统没有返回该记录的结果 / the target system returned no result for this record',
  );
  return { index, ok: false, error: error.toStructured() };
}
