/** A definition list item as `GET /api/v1/<kind>s` returns it. */
export interface DefinitionHead {
  id: string;
  kind: string;
  name: string | null;
  version: number;
  enabled: boolean;
  updatedAt: number;
}

/** One version of a definition as `GET /api/v1/<kind>s/:id` returns it. */
export interface DefinitionVersion<D = Record<string, unknown>> {
  kind: string;
  id: string;
  version: number;
  currentVersion?: number;
  enabled: boolean;
  updatedAt?: number;
  createdAt?: number;
  createdBy?: string | null;
  definition: D;
  source: string | null;
}

/** A connector operation as the connector list describes it. */
export interface OperationInfo {
  id: string;
  name: LocalText;
  mode?: string;
  method?: string;
  path?: string;
  input?: unknown;
  output?: unknown;
  sample?: unknown;
  description?: string;
  [key: string]: unknown;
}

/** A connector (built-in or user-defined) with its operations. */
export interface ConnectorInfo {
  id: string;
  name: LocalText;
  origin: string;
  version?: string | number;
  enabled?: boolean;
  operations: OperationInfo[];
  [key: string]: unknown;
}

/** A run list item / run detail (fields the console reads; extra fields are shown raw). */
export interface RunInfo {
  id: string;
  flowId?: string;
  kind?: string;
  status: string;
  trigger?: unknown;
  createdAt?: number;
  startedAt?: number | null;
  finishedAt?: number | null;
  error?: unknown;
  output?: unknown;
  steps?: StepInfo[];
  [key: string]: unknown;
}

/** One step record of a run's timeline. */
export interface StepInfo {
  stepId?: string;
  id?: string;
  status: string;
  input?: unknown;
  output?: unknown;
  request?: unknown;
  response?: unknown;
  error?: unknown;
  attempts?: number;
  startedAt?: number | null;
  finishedAt?: number | null;
  [key: string]: unknown;
}

/** The items wrapper of every list endpoint. */
export interface Items<T> {
  items: T[];
  [key: string]: unknown;
}

/** A display name that may be localized (`{zh, en}`) or plain. */
export type LocalText = string | { zh?: string; en?: string } | null | undefined;

/** The text of a possibly localized name in a language (falls back to the other language). */
export function textOf(value: LocalText, lang: 'zh' | 'en' = 'zh'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return value[lang] ?? value.zh ?? value.en ?? '';
}
