import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QiaoDocument, SyncDefinition } from '../../../src/definitions/index.ts';
import { QiaoError } from '../../../src/errors/index.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../../src/runtime/create-runtime.ts';
import type { Store } from '../../../src/store/port.ts';
import {
  createSyncEngineExecutor,
  type SyncEngineExecutorOptions,
} from '../../../src/sync/engine-executor.ts';
import { connectorWithFindWritten, LOCAL_CONNECTOR, localConnections } from './documents.ts';

/** The real runtime (`createRuntime`) plus what the scenarios need: find counts and document applying. */
export interface SyncTestRuntime extends Runtime {
  finds: { count: number };
  /** Applies connections (and the connector) for the local servers plus a sync; returns the sync's version. */
  apply(sync: SyncDefinition | QiaoDocument, urls?: { source: string; target: string }): Promise<number>;
}

/** Options of the scenario runtime; the store stays the caller's to close. */
export interface SyncTestRuntimeOptions {
  store: Store;
  /** Holds the secret key; processes sharing a store must share it. A temporary one when absent (removed on close). */
  dataDir?: string;
  /** Declares the local connector in code with a `findWritten` hook instead of applying its document. */
  findWritten?: boolean;
  engine?: RuntimeOptions['engine'];
  executor?: SyncEngineExecutorOptions;
}

/**
 * Starts the whole stack through `createRuntime` (store, secrets, connector registry, gateway,
 * engine, documents); only the sync executor's options (sleep, progress) and the code-declared
 * connector are the scenario's own.
 */
export async function startSyncRuntime(options: SyncTestRuntimeOptions): Promise<SyncTestRuntime> {
  const finds = { count: 0 };
  const ownDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'qiao-sync-rt-')) : undefined;
  const runtime = await createRuntime({
    dataDir: options.dataDir ?? ownDir ?? '',
    store: options.store,
    connectors: options.findWritten ? [connectorWithFindWritten(finds)] : [],
    engine: {
      ...options.engine,
      executors: { ...options.engine?.executors, sync: createSyncEngineExecutor(options.executor) },
    },
  });
  return {
    ...runtime,
    finds,
    async apply(sync, urls) {
      const docs: QiaoDocument[] = [sync as QiaoDocument];
      if (urls) docs.push(...localConnections(urls.source, urls.target));
      if (urls && !options.findWritten) docs.push(LOCAL_CONNECTOR as unknown as QiaoDocument);
      const versions = await runtime.documents.applyAll(docs);
      const version = versions.find((v) => v.kind === 'sync')?.version;
      if (version === undefined) throw new QiaoError('INTERNAL', 'sync not applied');
      return version;
    },
    async close() {
      await runtime.close();
      if (ownDir !== undefined) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}
