import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client.ts';

/** What the server's mapping preview answered: the output, or the failure naming the field. */
export interface ServerPreview {
  loading: boolean;
  output?: unknown;
  error?: { code: string; message: string; field?: string; sourceValue?: unknown; expression?: string };
}

/** How long the editor waits after the last change before asking the server (ms). */
export const PREVIEW_DEBOUNCE_MS = 350;

/** The top-level target field of a field path (`FPAYBILLENTRY[2].AMT` → `FPAYBILLENTRY`). */
export function topField(path: string | undefined): string | undefined {
  if (!path) return undefined;
  return /^[^.[]+/.exec(path)?.[0];
}

/** Turns a failed preview call into the error shown inline (field, source value, expression). */
export function previewError(e: unknown): NonNullable<ServerPreview['error']> {
  if (!(e instanceof ApiError))
    return { code: 'NETWORK', message: e instanceof Error ? e.message : String(e) };
  const d = (e.details ?? {}) as Record<string, unknown>;
  return {
    code: e.code,
    message: e.message,
    ...(typeof d.field === 'string' ? { field: d.field } : {}),
    ...('sourceValue' in d ? { sourceValue: d.sourceValue } : {}),
    ...(typeof d.expression === 'string' ? { expression: d.expression } : {}),
  };
}

/** Runs the mapping on the sample with the server's real compiler (`POST /mapping/preview`), debounced; nothing while `enabled` is false (no sample yet). */
export function useServerPreview(
  mapping: unknown,
  sample: unknown,
  bindings?: Record<string, unknown>,
  enabled = true,
): ServerPreview {
  const [state, setState] = useState<ServerPreview>({ loading: enabled });
  const body = enabled ? JSON.stringify({ mapping, sample, ...(bindings ? { bindings } : {}) }) : '';
  useEffect(() => {
    if (!body) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api<{ output: unknown }>('POST', '/mapping/preview', body)
        .then((r) => live && setState({ loading: false, output: r.output }))
        .catch((e: unknown) => live && setState({ loading: false, error: previewError(e) }));
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [body]);
  return state;
}
