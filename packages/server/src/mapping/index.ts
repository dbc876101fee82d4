export {
  applyMapping,
  type CompiledMapping,
  compileMapping,
  type MappingOptions,
} from './compile-mapping.ts';
export { truthy } from './each.ts';
export { formatFieldPath } from './field-failure.ts';
