export { expressionProblem } from './check-expressions.ts';
export {
  type CheckOptions,
  checkReferences,
  type OperationInfo,
  type OperationMode,
  type ReferenceCatalogue,
} from './check-references.ts';
export { FORM_TRIGGER_META, flattenSteps, referencedNames, type StepEntry } from './check-steps.ts';
export { TRIGGER_FIELDS } from './check-trigger-fields.ts';
export { checkValidated, withoutReported } from './check-validated.ts';
export { cronProblem, isTimeZone } from './check-values.ts';
export { type Dependent, findDependents } from './dependents.ts';
export {
  cutText,
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  type DiagnosticContext,
  type DocumentPath,
  formatPath,
  hasErrors,
  type Locate,
  QUOTE_LIMIT,
  quoteValue,
  type SourcePosition,
  sortBySource,
} from './diagnostic.ts';
export { type DocumentKind, documentSchema, type QiaoDocument } from './document.ts';
export { KNOWN_FUNCTIONS } from './expression-functions.ts';
export { collectSites, type ExpressionSite } from './expression-sites.ts';
export {
  type CallStep,
  type ConditionStep,
  type FlowDefinition,
  type ForEachStep,
  flowSchema,
  type LookupStep,
  type MapStep,
  type RespondStep,
  type SetStep,
  type StepDefinition,
  type SyncDefinition,
  stepSchema,
  syncSchema,
  type TriggerDefinition,
  triggerSchema,
} from './flow-schema.ts';
export { type FormDefinition, type FormFieldDefinition, formSchema } from './form-schema.ts';
export { formatDiagnostic, formatDiagnostics } from './format-diagnostic.ts';
export { DOCUMENT_KINDS, documentJsonSchema, documentJsonSchemaText, kindJsonSchema } from './json-schema.ts';
export { type LoadedDocument, type LoadOptions, loadDirectory, type ProjectLoad } from './load-directory.ts';
export { type ParsedText, parseDocumentText } from './parse-document.ts';
export { type BuiltinConnectors, operationMode, projectCatalogue } from './project-catalogue.ts';
export {
  type AuthDefinition,
  type ConnectionDefinition,
  type ConnectorDefinition,
  connectionSchema,
  connectorSchema,
  type OperationDefinition,
  type PaginationDefinition,
  type RetryPolicy,
  retryPolicySchema,
  SCHEMA_VERSION,
  valueSchema,
} from './schema.ts';
export {
  extractTemplates,
  hasTemplate,
  scanTemplates,
  singleTemplate,
  type TemplatePart,
  type TemplateScan,
} from './templates.ts';
export { type ValidationResult, validateDocument, validateValue } from './validate-document.ts';
