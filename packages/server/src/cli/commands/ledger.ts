import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { JsonValue } from '../../json.ts';
import { newRunId } from '../../runs/ids.ts';
import type { LedgerOrder, LedgerStatus } from '../../store/port.ts';
import { ledgerCsv, ledgerXlsx } from '../../sync/ledger-export.ts';
import { retryFailed } from '../../sync/retry-failed.ts';
import { parseSyncDefinition } from '../../sync/run-sync.ts';
import { CliError, EXIT } from '../fail.ts';
import { globalOptions } from '../global-options.ts';
import { t } from '../messages.ts';
import { openRuntime } from '../project.ts';

const STATUSES: LedgerStatus[] = ['pending', 'writing', 'written', 'failed', 'skipped'];
const ORDERS: LedgerOrder[] = ['key', 'newest'];

/** `qiao ledger <sync>`, `qiao ledger retry <sync> [keys…]` and `qiao ledger export <sync>`: a sync's per-record ledger. */
export function registerLedgerCommand(program: Command): void {
  const ledger = program.command('ledger').description("show a sync's ledger, retry failed records");
  ledger
    .command('show', { isDefault: true })
    .description('records of a sync with status, target number and last error')
    .argument('<syncId>')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
    .option('--limit <n>', 'how many', '50')
    .option('--search <text>', 'only records whose source key or target number contains this text')
    .option('--order <order>', 'key (by source key) or newest (records first seen last come first)', 'key')
    .option('--after <cursor>', 'the page after this cursor (the "next" a previous page printed)')
    .option('--json', 'print JSON')
    .action(
      async (
        syncId: string,
        options: {
          status?: string;
          limit: string;
          search?: string;
          order: string;
          after?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        if (options.status && !STATUSES.includes(options.status as LedgerStatus))
          throw new CliError(`--status must be one of ${STATUSES.join(', ')}`);
        if (!ORDERS.includes(options.order as LedgerOrder))
          throw new CliError(`--order must be one of ${ORDERS.join(', ')}`);
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new CliError('--limit must be an integer 1–10000');
        const runtime = await openRuntime(globalOptions(command));
        try {
          const counts = await runtime.store.ledger.counts(syncId);
          // A deleted sync's ledger is still shown; a sync that neither exists nor has a ledger is a typo.
          const known =
            Object.values(counts).some((n) => n > 0) || (await runtime.store.documents.get('sync', syncId));
          if (!known) throw new CliError(t('notFound', { what: 'sync', id: syncId }));
          const { entries, next } = await runtime.store.ledger.page(syncId, {
            limit,
            order: options.order as LedgerOrder,
            ...(options.status ? { status: [options.status as LedgerStatus] } : {}),
            ...(options.search ? { search: options.search } : {}),
            ...(options.after ? { after: options.after } : {}),
          });
          if (options.json) {
            console.log(JSON.stringify({ counts, entries, next }, null, 2));
            return;
          }
          console.log(
            Object.entries(counts)
              .map(([k, v]) => `${k}=${v}`)
              .join('  '),
          );
          for (const e of entries) {
            const error = e.lastError ? `  [${e.lastError.code}] ${e.lastError.message}` : '';
            console.log(
              `  ${e.sourceKey}  ${e.status}  ${e.targetNumber ?? ''}  write-back=${e.writeBack}${error}`,
            );
          }
          if (next !== null) console.log(t('ledgerMore', { after: next }));
        } finally {
          await runtime.close();
        }
      },
    );
  ledger
    .command('retry')
    .description('set failed records (all, or the given keys) back to pending and run the sync')
    .argument('<syncId>')
    .argument('[keys...]', 'source keys; default: every failed record')
    .action(async (syncId: string, keys: string[], _options: unknown, command: Command) => {
      const runtime = await openRuntime(globalOptions(command));
      try {
        const result = await retryFailed(
          { store: runtime.store, clock: () => Date.now(), newRunId: () => newRunId() },
          syncId,
          keys.length > 0 ? keys : undefined,
        );
        console.log(
          `reset ${result.reset} record(s), ${result.writeBacksReset} write-back(s); run ${result.runId}`,
        );
        const run = await runtime.engine.runToCompletion(result.runId);
        const counts = await runtime.store.ledger.counts(syncId);
        console.log(
          `run ${run.id} ${run.status}; ledger: ${Object.entries(counts)
            .map(([k, v]) => `${k}=${v}`)
            .join('  ')}`,
        );
        process.exitCode = run.status === 'succeeded' && counts.failed === 0 ? EXIT.ok : EXIT.failed;
      } finally {
        await runtime.close();
      }
    });
  ledger
    .command('export')
    .description(
      'write the ledger for a spreadsheet: CSV (UTF-8 with BOM) or an Excel workbook; times in the schedule zone',
    )
    .argument('<syncId>')
    .option('--status <list>', `only these statuses, comma-separated (${STATUSES.join(', ')})`)
    .option('--search <text>', 'only records whose source key or target number contains this text')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--format <format>', 'csv or xlsx (default: xlsx when --out ends in .xlsx, else csv)')
    .action(
      async (
        syncId: string,
        options: { status?: string; search?: string; out?: string; format?: string },
        command: Command,
      ) => {
        const status = options.status?.split(',').map((s) => s.trim()) as LedgerStatus[] | undefined;
        if (status?.some((s) => !STATUSES.includes(s)))
          throw new CliError(`--status must list some of ${STATUSES.join(', ')}`);
        const format = options.format ?? (options.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
        if (format !== 'csv' && format !== 'xlsx') throw new CliError('--format must be csv or xlsx');
        if (format === 'xlsx' && !options.out && process.stdout.isTTY)
          throw new CliError(
            'an xlsx workbook is binary: give --out <file>.xlsx or redirect standard output',
          );
        const global = globalOptions(command);
        const lang = global.lang === 'en' ? 'en' : 'zh'; // the headers follow the global --lang
        const runtime = await openRuntime(global);
        try {
          const stored = await runtime.store.documents.get('sync', syncId);
          if (!stored) throw new CliError(t('notFound', { what: 'sync', id: syncId }));
          const timeZone = parseSyncDefinition(stored.definition as JsonValue, syncId).schedule?.timezone;
          const exportOptions = {
            ...(status ? { status } : {}),
            ...(options.search ? { search: options.search } : {}),
            ...(timeZone ? { timeZone } : {}),
            lang,
          } as const;
          const chunks =
            format === 'xlsx'
              ? ledgerXlsx(runtime.store, syncId, exportOptions)
              : ledgerCsv(runtime.store, syncId, exportOptions);
          const out = options.out ? createWriteStream(options.out) : process.stdout;
          await pipeline(Readable.from(chunks), out, { end: options.out !== undefined });
          if (options.out) console.log(t('ledgerExported', { sync: syncId, file: options.out }));
        } finally {
          await runtime.close();
        }
      },
    );
}
