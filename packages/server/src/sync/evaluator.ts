import type { SyncDefinition } from '../definitions/flow-schema.ts';
import { QiaoError } from '../errors/index.ts';
import { compileExpression } from '../expressions/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { applyMapping, compileMapping } from '../mapping/index.ts';

/** A compiled expression: evaluates over one input value; `undefined` when it yields nothing. */
export type CompiledExpression = (input: JsonValue) => Promise<JsonValue | undefined>;
/** A compiled templated value (write-back input, source input): builds a JSON value from a scope. */
export type CompiledValue = (scope: JsonObject) => Promise<JsonValue>;
/** A compiled sync mapping: one source record (and its key) → exactly one target record. */
export type CompiledRecordMapping = (record: JsonValue, key: string) => Promise<JsonValue>;

/**
 * What the sync runner needs of the expression language: bare expressions (key, filter, time),
 * templated values (`{{ }}`) and the record mapping. `createSyncEvaluator` is the real one
 * (src/expressions + src/mapping); the port stays so tests can count or fake evaluations.
 */
export interface SyncEvaluator {
  expression(source: string): CompiledExpression;
  value(template: JsonValue): CompiledValue;
  /** The record mapping; `tables` are this run's lookup tables (default: the definition's written-out ones). */
  mapping(definition: SyncDefinition, version?: number, tables?: JsonObject): CompiledRecordMapping;
}

/**
 * The one rule for bill splitting in a sync: one source record → one target record. A mapping that
 * yields an array of exactly one object (a `$chunk` bill split under its size) is that object; more
 * bills for one record fail that record with MAPPING_FAILED (the ledger key is one bill's key).
 */
export function oneRecord(mapped: JsonValue, syncId: string): JsonValue {
  if (!Array.isArray(mapped)) return mapped;
  if (mapped.length === 1) return mapped[0] ?? null;
  throw new QiaoError(
    'MAPPING_FAILED',
    `映射产生了 ${mapped.length} 张单据；同步要求一条源记录对应一张单据 / the mapping produced ${mapped.length} records for one source record (a sync writes exactly one)`,
    { details: { flow: syncId, field: '', records: mapped.length } },
  );
}

/** The real evaluator: compiled once per text / mapping object (both modules cache), evaluated per record. */
export function createSyncEvaluator(): SyncEvaluator {
  return {
    expression(source) {
      const compiled = compileExpression(source);
      return (input) => compiled.evaluate(input);
    },
    value(template) {
      const compiled = compileMapping(template);
      return (scope) => applyMapping(compiled, scope);
    },
    mapping(definition, version, loaded) {
      const compiled = compileMapping(definition.mapping, {
        flowId: definition.id,
        ...(version === undefined ? {} : { cacheKey: `sync:${definition.id}@${version}` }),
      });
      const tables = loaded ?? ((definition.tables ?? {}) as JsonObject);
      return async (record, key) =>
        oneRecord(await applyMapping(compiled, record, { record, key, tables }), definition.id);
    },
  };
}
