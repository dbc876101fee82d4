import { useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { SyncPreview } from '../api/types.ts';
import { type Diagnostic, diagnosticsOf, problemsOf } from './problems.ts';
import { DEFAULT_PREVIEW_LIMIT, type PreviewFrom, previewPath } from './sync-preview-model.ts';

/** A sync's dry run as the pages hold it: the last answer, the call's problems, the limit and `run()`. */
export interface SyncPreviewState {
  data?: SyncPreview;
  loading: boolean;
  /** The failed call's problems (a refused definition: its diagnostics as lines). */
  problems: string[];
  /** The refused definition's diagnostics (shown on the form fields as a failed save's are). */
  diags: Diagnostic[];
  limit: number;
  setLimit(limit: number): void;
  /** Read the source system, or map the stored sources of the ledger's failed records (no call). */
  from: PreviewFrom;
  setFrom(from: PreviewFrom): void;
  /** Previews the definition as written now (the YAML text is sent; the server stores nothing). */
  run(): void;
}

/** The preview of sync `id` run on the YAML `text` being edited (the last call started wins). */
export function useSyncPreview(id: string, text: string | undefined): SyncPreviewState {
  const [data, setData] = useState<SyncPreview>();
  const [loading, setLoading] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [diags, setDiags] = useState<Diagnostic[]>([]);
  const [limit, setLimit] = useState(DEFAULT_PREVIEW_LIMIT);
  const [from, setFrom] = useState<PreviewFrom>('source');
  const calls = useRef(0);
  const run = () => {
    const call = ++calls.current;
    setLoading(true);
    api<SyncPreview>('POST', previewPath(id, limit, from), text || undefined, 'application/yaml')
      .then((answer) => {
        if (call !== calls.current) return;
        setData(answer);
        setProblems([]);
        setDiags([]);
      })
      .catch((e: unknown) => {
        if (call !== calls.current) return;
        setProblems(problemsOf(e));
        setDiags(diagnosticsOf(e));
      })
      .finally(() => call === calls.current && setLoading(false));
  };
  return { data, loading, problems, diags, limit, setLimit, from, setFrom, run };
}
