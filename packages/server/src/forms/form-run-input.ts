import type { FormDefinition } from '../definitions/form-schema.ts';
import { QiaoError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { applyFormDefaults, type FormProblem, validateFormRecord } from './validate-form-record.ts';

/**
 * A record's data checked like a save: defaults filled in, then every problem at once; throws
 * INPUT_INVALID with `details.problems` (the shape the console marks by field and row).
 */
export function checkedRecordData(form: FormDefinition, data: unknown): JsonObject {
  const filled = isJsonObject(data) ? applyFormDefaults(form, data) : data;
  const problems = validateFormRecord(form, filled);
  if (problems.length > 0) throw recordProblems(problems);
  return filled as JsonObject;
}

/**
 * The input of a form flow run by hand (`POST /flows/{id}/run`, `qiao run --input`) checked as a record
 * of its form, so a run never gets what a save would refuse (a missing required field, too few detail
 * rows). `id` is the record id the run reports, not a field: it is kept, unchecked. Returns the input
 * with the form's defaults filled in; throws INPUT_INVALID with `details.problems`.
 */
export function formRunInput(form: FormDefinition, input: JsonValue): JsonObject {
  if (!isJsonObject(input)) return checkedRecordData(form, input);
  const { id, ...data } = input;
  const checked = checkedRecordData(form, data);
  return id === undefined ? checked : { id, ...checked };
}

function recordProblems(problems: readonly FormProblem[]): QiaoError {
  return new QiaoError(
    'INPUT_INVALID',
    `表单数据有 ${problems.length} 处问题 / the record has ${problems.length} problem(s)`,
    { details: { problems: problems as unknown as JsonValue } },
  );
}
