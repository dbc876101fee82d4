import type { ExchangeObserver, WrittenRef } from '../connectors/kit/gateway.ts';
import { bilingual, quoted } from '../errors/bilingual.ts';
import { QiaoError, type StructuredError, toStructuredError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type {
  LedgerEntry,
  LedgerPatch,
  LedgerPatchItem,
  LedgerStatus,
  WriteBackStatus,
} from '../store/port.ts';
import { callSignalOf, defaultSleep, type SyncContext } from './context.ts';
import { type ResolvedRetry, resolveRetry, withRetry } from './retry-policy.ts';
import { WRITE_BACK_UNKNOWN } from './write-back.ts';

/** One entry about to be sent, with its mapped payload; `uncertain` = it may already be in the target. */
export interface Outgoing {
  entry: LedgerEntry;
  mapped: JsonValue;
  uncertain: boolean;
}

/** Compiled pieces of the target side, built once per run. */
export interface TargetPlan {
  input: JsonObject;
  canFind: boolean;
  retry: ResolvedRetry;
  map: (entry: LedgerEntry) => Promise<JsonValue>;
  numberOf: (scope: JsonObject) => Promise<string | null>;
}

/** Compiles the target side of a sync once per run (input, mapping, number, lookup ability). */
export async function planTarget(ctx: SyncContext): Promise<TargetPlan> {
  const { target } = ctx.definition;
  const built = target.input ? await ctx.evaluator.value(target.input)({ now: ctx.clock() }) : {};
  const info = await ctx.gateway.describe(target.connection, target.operation);
  const mapping = ctx.evaluator.mapping(ctx.definition, ctx.definitionVersion, ctx.tables);
  const number = target.number ? ctx.evaluator.expression(target.number) : undefined;
  return {
    input: isJsonObject(built) ? built : {},
    canFind: typeof ctx.gateway.findWritten === 'function' && info?.canFindWritten === true,
    retry: resolveRetry(ctx.definition.retry),
    map: (entry) => mapping(entry.source, entry.sourceKey),
    numberOf: async (scope) => {
      const value = number ? await number(scope) : undefined;
      return value === undefined || value === null ? null : String(value);
    },
  };
}

/** The write-back status a record gets after it was written or failed, per `writeBack.on`. */
export function writeBackAfter(ctx: SyncContext, outcome: 'written' | 'failed'): WriteBackStatus {
  const on = ctx.definition.writeBack?.on;
  if (!on) return 'none';
  return on === 'both' || on === outcome ? 'pending' : 'none';
}

/** The statuses a write-phase update applies to: a row taken for a batch is `pending` or `writing`. */
export const OPEN_STATUSES: LedgerStatus[] = ['writing', 'pending'];

/**
 * The patch that marks an entry written (applied guarded by OPEN_STATUSES). The payload is not
 * rewritten: it was stored when the entry was marked `writing`, which every written entry passed through.
 */
export function writtenPatch(ctx: SyncContext, ref: WrittenRef): LedgerPatch {
  return {
    status: 'written',
    targetId: ref.targetId ?? null,
    targetNumber: ref.targetNumber ?? null,
    lastError: null,
    writeBack: writeBackAfter(ctx, 'written'),
    updatedAt: ctx.clock(),
  };
}

/** Whether the sync adopts records the target already holds (`target.onDuplicate: adopt`). */
export function adoptsDuplicates(ctx: SyncContext): boolean {
  return ctx.definition.target.onDuplicate === 'adopt';
}

/**
 * A written patch whose write-back is checked before it is sent (`WRITE_BACK_UNKNOWN`): for records
 * that may be in the target from before this ledger (adopted, or found by a look-up with adoption
 * on), whose write-back an earlier installation may already have made.
 */
export function checkWriteBack(patch: LedgerPatch): LedgerPatch {
  return patch.writeBack === 'pending' ? { ...patch, writeBackError: WRITE_BACK_UNKNOWN } : patch;
}

/**
 * The patch of a record adopted from the target (`onDuplicate: adopt`): written with the found
 * number/id; `lastError` keeps the target's duplicate answer as a note marked `details.adopted` (the
 * ledger's visible marker: API, CLI, console and export show it), and the write-back is checked first.
 */
export function adoptedPatch(
  ctx: SyncContext,
  ref: WrittenRef,
  said: StructuredError | undefined,
): LedgerPatch {
  const number = ref.targetNumber ?? ref.targetId ?? '';
  const note = toStructuredError(
    new QiaoError(
      'CONNECTOR_DUPLICATE',
      bilingual(
        `目标系统中已有该记录（${number}），已采用为本条的写入结果，未重复写入`,
        `the target already held this record (${number}): adopted as written, not written again`,
      ),
      {
        details: { adopted: true, targetNumber: ref.targetNumber ?? null, targetId: ref.targetId ?? null },
        ...(said?.system ? { system: said.system } : {}),
      },
    ),
  );
  return { ...checkWriteBack(writtenPatch(ctx, ref)), lastError: note };
}

/** The hint of a duplicate this sync fails, in each language. */
const ADOPT_HINT = {
  zh: '如果目标系统中的这条记录来自本同步方案以前的安装（重新安装、数据目录丢失或第二套安装），在 target 中设置 onDuplicate: adopt 并保存后重试，即采用它而不重复写入（见 docs/definitions.md 的 onDuplicate）',
  en: "If the target's record comes from an earlier installation of this sync (reinstalled, data directory lost, a second installation), set target.onDuplicate: adopt, store it and retry: the record is then adopted, not written twice (see onDuplicate in docs/definitions.md)",
} as const;

/** A sentence's end, Chinese or not. */
// biome-ignore lint/complexity/useRegexLiterals: a non-ASCII regex literal would make its bundle chunk a two-byte string (bin/build.mjs)
const SENTENCE_END = new RegExp('[。.！!？?]$');

/** A message followed by another sentence: a full stop between them unless it ends with one. */
function thenSay(text: string, next: string, lang: 'zh' | 'en'): string {
  const body = text.trimEnd();
  const stop = SENTENCE_END.test(body) ? '' : lang === 'zh' ? '。' : '.';
  return lang === 'zh' ? `${body}${stop}${next}` : `${body}${stop} ${next}`;
}

/**
 * A duplicate this sync fails (`onDuplicate: fail`) whose target could adopt it: the target's answer,
 * followed by where the fix is when the record in the target comes from an earlier installation of this
 * sync (`target.onDuplicate: adopt`) — in each half of a `中文 / English` answer, else after the answer as
 * it is (a system's text is not repeated). Code, details and the system's own error stay as they were;
 * built only for a failed record (no cost on the success path).
 */
export function withAdoptHint(error: StructuredError): StructuredError {
  const said = quoted(error.message);
  const message =
    said.zh === said.en
      ? `${error.message} — ${bilingual(ADOPT_HINT.zh, ADOPT_HINT.en)}`
      : bilingual(thenSay(said.zh, ADOPT_HINT.zh, 'zh'), thenSay(said.en, ADOPT_HINT.en, 'en'));
  return { ...error, message };
}

/**
 * Why a duplicate could not be adopted: the target's operation cannot look records up (`lookup`
 * false), or the look-up found nothing (a record with the same number that the look-up does not see,
 * e.g. another form or organisation). A user error: sending again would only be refused again.
 */
export function notAdoptedError(
  ctx: SyncContext,
  said: StructuredError | undefined,
  lookup: boolean,
  attempt: number,
): StructuredError {
  const answer = quoted(said?.message ?? '');
  const { operation } = ctx.definition.target;
  const message = lookup
    ? bilingual(
        `目标系统说该记录已存在（${answer.zh}），但在目标系统中没有查到已有记录，无法采用（onDuplicate: adopt）；请检查单号映射与目标系统中的同号记录`,
        `the target says the record already exists (${answer.en}), but looking it up found no existing record, so it cannot be adopted (onDuplicate: adopt): check the number mapping and the record with that number in the target`,
      )
    : bilingual(
        `目标系统说该记录已存在（${answer.zh}），但接口 ${operation} 不能查询已写入的记录，无法采用（onDuplicate: adopt）`,
        `the target says the record already exists (${answer.en}), but operation ${operation} cannot look up written records, so it cannot be adopted (onDuplicate: adopt)`,
      );
  return {
    ...toStructuredError(
      new QiaoError('CONNECTOR_DUPLICATE', message, {
        details: {
          // What the target's answer named (K3Cloud: the FBillNo), then why it was not adopted.
          ...(isJsonObject(said?.details) ? said.details : {}),
          onDuplicate: 'adopt',
          found: false,
          ...(lookup ? {} : { canFindWritten: false }),
        },
        ...(said?.system ? { system: said.system } : {}),
      }),
    ),
    attempt,
  };
}

/**
 * The patch that marks an entry failed, or back to pending when it will be retried. The payload is
 * not rewritten: a sent entry's was stored with its `writing` mark (a failed mapping stores `null`).
 */
export function failedPatch(ctx: SyncContext, error: StructuredError, retryAgain: boolean): LedgerPatch {
  if (retryAgain) return { status: 'pending', lastError: error, updatedAt: ctx.clock() };
  return {
    status: 'failed',
    lastError: error,
    writeBack: writeBackAfter(ctx, 'failed'),
    updatedAt: ctx.clock(),
  };
}

/**
 * Asks the target whether an uncertain entry's stored payload was written, with the sync's retries:
 * a batch of uncertain entries makes one look-up each, and without retries one transient failure
 * among them would fail the whole pass (under a 10 % fault rate a 50-entry batch then never resolves).
 */
export async function findOurs(
  ctx: SyncContext,
  plan: TargetPlan,
  record: JsonValue,
  observe: ExchangeObserver,
): Promise<WrittenRef | null> {
  const { gateway } = ctx;
  if (!gateway.findWritten) return null;
  const { connection, operation } = ctx.definition.target;
  const request = { connection, operation, input: plan.input, record, ...callSignalOf(ctx) };
  return withRetry(
    plan.retry,
    ctx.sleep ?? defaultSleep,
    async () => (await gateway.findWritten?.(request, observe)) ?? null,
    ctx.signal,
  );
}

/**
 * Decides what to send. A `writing` entry is an earlier write whose outcome is unknown: where the
 * connector can look it up we ask the target first (found → written, not found → plain resend);
 * otherwise it is resent flagged uncertain, so a duplicate answer counts as written. Entries settled
 * here (found, or failed mapping) come back as `settled` patches, stored with the batch's `writing` mark.
 */
export async function prepare(
  ctx: SyncContext,
  plan: TargetPlan,
  entries: LedgerEntry[],
  observe: ExchangeObserver,
) {
  const outgoing: Outgoing[] = [];
  const settled: LedgerPatchItem[] = [];
  let resolved = 0;
  let mappingFailed = 0;
  for (const entry of entries) {
    const { sourceKey } = entry;
    if (entry.status === 'writing' && entry.payload !== null) {
      if (plan.canFind) {
        const ref = await findOurs(ctx, plan, entry.payload, observe);
        if (ref) {
          // With adoption on, a record found may be from before this ledger: its write-back is checked first.
          const patch = writtenPatch(ctx, ref);
          settled.push({ sourceKey, patch: adoptsDuplicates(ctx) ? checkWriteBack(patch) : patch });
          resolved++;
          continue;
        }
      }
      outgoing.push({ entry, mapped: entry.payload, uncertain: !plan.canFind });
      continue;
    }
    try {
      outgoing.push({ entry, mapped: await plan.map(entry), uncertain: false });
    } catch (error) {
      const attempts = entry.attempts + 1;
      const patch = failedPatch(ctx, toStructuredError(error, attempts), false);
      settled.push({ sourceKey, patch: { ...patch, attempts, payload: null } });
      mappingFailed++;
    }
  }
  return { outgoing, settled, resolved, mappingFailed };
}
