import type { Hono } from 'hono';
import { isJsonObject, type JsonObject } from '../../../json.ts';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import { accountView } from './accounts.ts';
import { acctGuard } from './acct-guard.ts';
import type { JdyContext, JdyHonoContext } from './context.ts';
import type { WindowLimiter } from './limiter.ts';
import { acctBody, JDY_CODES } from './responses.ts';
import { parsePeriod, type Voucher } from './voucher-model.ts';
import { validateVoucher } from './voucher-validate.ts';
import { acctVoucherView } from './voucher-view.ts';

/** Default family-A page size (undocumented; best guess). */
export const ACCT_DEFAULT_PAGE_SIZE = 20;
/** Creator name of vouchers saved through the open API. */
export const API_USER_NAME = 'openapi';

async function saveVouchers(c: JdyHonoContext, ctx: JdyContext): Promise<Response> {
  const body: unknown = await c.req.json().catch(() => undefined);
  if (!Array.isArray(body))
    return c.json(acctBody(JDY_CODES.validation, '请求体必须是凭证数组（JSON array）'));
  const max = ctx.options.batchSizeMax;
  if (body.length > max)
    return c.json(acctBody(JDY_CODES.batchTooLarge, `批量保存最多${max}条记录，本次${body.length}条`));
  if (body.length === 0) return c.json(acctBody(JDY_CODES.zeroAffected, '没有需要保存的凭证，影响记录数为0'));
  const scope = {
    accounts: ctx.accounts,
    store: ctx.vouchers,
    now: ctx.options.now(),
    userName: API_USER_NAME,
    origin: 'acct' as const,
  };
  const list = body.map((raw) => {
    const check = validateVoucher(raw, scope);
    if (!check.ok) return { code: JDY_CODES.validation, msg: check.errors.join('；'), vchId: '' };
    return { code: 0, msg: '', vchId: ctx.vouchers.add(check.draft).vchId };
  });
  return c.json(acctBody(0, '', { list }));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined;
}

/** Parses `vchNum` ("1,2,3" or "1-3") into a membership test. */
function numberTest(spec: string): (n: number) => boolean {
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(spec);
  if (range) return (n) => n >= Number(range[1]) && n <= Number(range[2]);
  const set = new Set(spec.split(',').map((s) => Number(s.trim())));
  return (n) => set.has(n);
}

function predicateOf(f: JsonObject): ((v: Voucher) => boolean) | undefined {
  const tests: ((v: Voucher) => boolean)[] = [];
  const group = text(f.vchGroup);
  if (group) tests.push((v) => v.groupName === group);
  const num = text(f.vchNum);
  if (num) {
    const has = numberTest(num);
    tests.push((v) => has(v.vchNumber));
  }
  const status = text(f.status);
  if (status === '0' || status === '1') tests.push((v) => v.status === Number(status));
  const exp = text(f.exp);
  if (exp) tests.push((v) => v.entries.some((e) => e.exp.includes(exp)));
  return tests.length === 0 ? undefined : (v) => tests.every((t) => t(v));
}

async function listVouchers(c: JdyHonoContext, ctx: JdyContext): Promise<Response> {
  const body: unknown = await c.req.json().catch(() => ({}));
  const outer = isJsonObject(body) ? body : {};
  const f: JsonObject = isJsonObject(outer.filter) ? { ...outer, ...outer.filter } : outer;
  const from = parsePeriod(f.fromPeriod);
  const to = parsePeriod(f.toPeriod);
  if (from === null || to === null)
    return c.json(acctBody(JDY_CODES.validation, 'fromPeriod和toPeriod为必填项，格式为yyyyMM'));
  const page = Math.max(1, Math.floor(Number(f.page) || 1));
  const pageSize = Math.max(1, Math.floor(Number(f.pageSize) || ACCT_DEFAULT_PAGE_SIZE));
  const result = ctx.vouchers.list(
    {
      fromPeriod: from,
      toPeriod: to,
      vchId: text(f.vchId) || undefined,
      linkId: text(f.linkId) || undefined,
      predicate: predicateOf(f),
    },
    (page - 1) * pageSize,
    pageSize,
  );
  if (result.items.length === 0) return c.json(acctBody(JDY_CODES.noResult, '没有查询到数据'));
  return c.json(
    acctBody(0, '', {
      items: result.items.map((v) => acctVoucherView(v, ctx.accounts)),
      records: result.total,
      totalsize: result.items.length,
      totalPages: Math.ceil(result.total / pageSize),
      page,
    }),
  );
}

function methodNotSupported(c: JdyHonoContext): Response {
  return c.json(acctBody(JDY_CODES.methodNotSupported, `不支持的HTTP方法：${c.req.method}`));
}

/** Mounts the family-A (`/jdyaccouting`) routes: voucher save, voucherlist, account. */
export function mountAccountingRoutes(
  app: Hono<SimulatorEnv>,
  ctx: JdyContext,
  limiter: WindowLimiter,
): void {
  const guarded =
    (method: string, handler: (c: JdyHonoContext, ctx: JdyContext) => Response | Promise<Response>) =>
    (c: JdyHonoContext) => {
      if (c.req.method !== method) return methodNotSupported(c);
      return acctGuard(c, ctx, limiter) ?? handler(c, ctx);
    };
  app.all('/jdyaccouting/voucher', guarded('POST', saveVouchers));
  app.all('/jdyaccouting/voucherlist', guarded('POST', listVouchers));
  app.all(
    '/jdyaccouting/account',
    guarded('GET', (c) =>
      c.json(
        acctBody(0, '', { items: ctx.accounts.list.map(accountView), records: ctx.accounts.list.length }),
      ),
    ),
  );
}
