import { query } from '../api/client.ts';
import type { SyncPreview, SyncPreviewExchange, SyncPreviewRecord } from '../api/types.ts';
import { type FieldNode, fieldsOfSample } from '../mapping/field-tree.ts';

/** The record counts a preview may read per call (the server accepts 1–20). */
export const PREVIEW_LIMITS = [1, 3, 5, 10, 20] as const;
export const DEFAULT_PREVIEW_LIMIT = 5;

/** A limit the server accepts: an integer from 1 to 20 (default 5). */
export function previewLimit(n: unknown): number {
  const v = typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : DEFAULT_PREVIEW_LIMIT;
  return Math.min(20, Math.max(1, v));
}

/** What a preview reads: the source system (the next run's window), or the stored sources of the ledger's failed records. */
export type PreviewFrom = 'source' | 'failed';

/** The API path of a sync's dry run (`/syncs/{id}/preview?limit=N[&failed=1]`). */
export function previewPath(id: string, limit: number, from: PreviewFrom = 'source'): string {
  const params = { limit: previewLimit(limit), failed: from === 'failed' ? 1 : undefined };
  return `/syncs/${encodeURIComponent(id)}/preview${query(params)}`;
}

/** The record the mapping editor samples: the first that passes the filter, else the first one read. */
export function sampleRecord(preview: SyncPreview | undefined): SyncPreviewRecord | undefined {
  return preview?.records.find((r) => r.passes) ?? preview?.records[0];
}

/** What the mapping editor needs from a preview: the source field tree, the sample root and `$lookup`/`key` bindings. */
export interface MappingSample {
  key: string;
  sources: FieldNode[];
  scope: unknown;
  bindings: Record<string, unknown>;
}

/** The mapping editor's sample from a preview (undefined before one, or when it read no record). */
export function mappingSample(preview: SyncPreview | undefined, tables: unknown): MappingSample | undefined {
  const record = sampleRecord(preview);
  if (!record) return undefined;
  const source = record.source;
  const sources: FieldNode[] =
    source !== null && typeof source === 'object'
      ? fieldsOfSample(source, '')
      : [{ path: '$', key: '$', label: '$', kind: scalarKind(source), children: [] }];
  return {
    key: record.key,
    sources,
    scope: source,
    bindings: { tables: lookupTables(preview, tables), key: record.key },
  };
}

/**
 * The tables `$lookup` sees in the editor: the written-out ones of the definition, and the `{$from: …}`
 * ones as the preview loaded them (a `$from` the preview did not hand back — too big — is left out).
 */
export function lookupTables(preview: SyncPreview | undefined, tables: unknown): Record<string, unknown> {
  const declared =
    tables && typeof tables === 'object' && !Array.isArray(tables) ? (tables as Record<string, unknown>) : {};
  const written = Object.fromEntries(
    Object.entries(declared).filter(([, t]) => !(t && typeof t === 'object' && '$from' in t)),
  );
  return { ...written, ...(preview?.tables ?? {}) };
}

function scalarKind(value: unknown): FieldNode['kind'] {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value === 'string' ? 'string' : 'null';
}

/** The target field a record's mapping error names (`details.field`), if any. */
export function errorField(record: SyncPreviewRecord): string | undefined {
  const field = record.error?.details?.field;
  return typeof field === 'string' ? field : undefined;
}

/** How a preview's record counts read: read, passing the filter, mapped, failed. */
export function previewCounts(preview: SyncPreview): {
  records: number;
  passing: number;
  mapped: number;
  failed: number;
} {
  const { records } = preview;
  return {
    records: records.length,
    passing: records.filter((r) => r.passes).length,
    mapped: records.filter((r) => r.mapped !== undefined).length,
    failed: records.filter((r) => r.error).length,
  };
}

/** The tag colour of an exchange: green 2xx, orange 3xx/4xx, red 5xx or no response. */
export function exchangeTone(exchange: SyncPreviewExchange): 'success' | 'warning' | 'error' {
  const status = exchange.response?.status;
  if (status === undefined || exchange.error || status >= 500) return 'error';
  return status < 300 ? 'success' : 'warning';
}
