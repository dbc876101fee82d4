export { bilingual, messageIn, quoted } from './bilingual.ts';
export { ERROR_CATALOGUE, type ErrorCode } from './catalogue.ts';
export {
  type ErrorKind,
  QiaoError,
  type QiaoErrorOptions,
  type StructuredError,
  type SystemError,
  toStructuredError,
} from './qiao-error.ts';
