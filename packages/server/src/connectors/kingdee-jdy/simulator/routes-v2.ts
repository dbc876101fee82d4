import type { Hono } from 'hono';
import { isJsonObject } from '../../../json.ts';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import { accountViewV2 } from './accounts.ts';
import type { JdyContext, JdyHonoContext } from './context.ts';
import { gatewayProblem } from './gateway.ts';
import type { WindowLimiter } from './limiter.ts';
import { JDY_CODES, rateLimited, SECRET_ROTATED_MESSAGE, v2Body } from './responses.ts';
import { v2ItemToVoucher } from './v2-save.ts';
import { parsePeriod, VOUCHER_GROUPS, type Voucher } from './voucher-model.ts';
import { validateVoucher } from './voucher-validate.ts';
import { v2VoucherDetail, v2VoucherRow } from './voucher-view.ts';

/** Default v2 page size (undocumented; best guess). */
export const V2_DEFAULT_PAGE_SIZE = 10;

function v2Guard(c: JdyHonoContext, ctx: JdyContext, limiter: WindowLimiter): Response | null {
  const gateway = gatewayProblem(c, ctx, true);
  if (gateway) return gateway;
  if (!limiter.take(ctx.options.credentials.accountId)) return rateLimited(c, limiter.limit);
  const token = ctx.auth.checkAppToken(c.req.header('app-token'));
  if (token === 'rotated') return c.json(v2Body(JDY_CODES.secretRotated, SECRET_ROTATED_MESSAGE));
  if (token !== 'ok') return c.json(v2Body(JDY_CODES.tokenInvalidB, 'app-token无效或已过期，请重新获取'));
  return null;
}

function periodParam(value: string | undefined, fallback: number): number | null {
  return value === undefined || value === '' ? fallback : parsePeriod(value);
}

function listVouchers(c: JdyHonoContext, ctx: JdyContext): Response {
  const q = (k: string) => c.req.query(k);
  const from = periodParam(q('start_period'), 0);
  const to = periodParam(q('end_period'), 999_912);
  if (from === null || to === null)
    return c.json(v2Body(JDY_CODES.v2Validation, 'start_period/end_period格式错误，应为yyyy-MM'));
  const page = Math.max(1, Math.floor(Number(q('page')) || 1));
  const requested = Math.max(1, Math.floor(Number(q('page_size')) || V2_DEFAULT_PAGE_SIZE));
  // The quirk (StarClient): rows are capped silently, total_page still uses the requested size.
  const effective = Math.min(requested, ctx.options.pageSizeCap);
  const tests: ((v: Voucher) => boolean)[] = [];
  const status = q('bill_status');
  if (status) tests.push((v) => String(v.status) === status);
  const number = q('number');
  if (number) tests.push((v) => String(v.vchNumber) === number || `${v.groupName}-${v.vchNumber}` === number);
  const bill = q('source_bill_no');
  if (bill) tests.push((v) => v.sourceBillNo === bill || v.linkId === bill);
  const predicate = tests.length ? (v: Voucher) => tests.every((t) => t(v)) : undefined;
  const result = ctx.vouchers.list(
    { fromPeriod: from, toPeriod: to, predicate },
    (page - 1) * effective,
    effective,
  );
  return c.json(
    v2Body(JDY_CODES.ok, '成功', {
      count: result.total,
      total_page: Math.ceil(result.total / requested),
      page,
      page_size: requested,
      rows: result.items.map(v2VoucherRow),
    }),
  );
}

function voucherDetail(c: JdyHonoContext, ctx: JdyContext): Response {
  const id = c.req.query('id');
  const number = c.req.query('number');
  const period = parsePeriod(c.req.query('period') ?? '');
  let voucher = id ? ctx.vouchers.get(id) : undefined;
  if (!id && number && period) {
    const match = (v: Voucher) =>
      String(v.vchNumber) === number || `${v.groupName}-${v.vchNumber}` === number;
    voucher = ctx.vouchers.list({ fromPeriod: period, toPeriod: period, predicate: match }, 0, 1).items[0];
  }
  if (!voucher)
    return c.json(
      v2Body(JDY_CODES.v2Validation, `凭证不存在：${id ?? `${number ?? ''}@${c.req.query('period') ?? ''}`}`),
    );
  return c.json(v2Body(JDY_CODES.ok, '成功', v2VoucherDetail(voucher, ctx.accounts)));
}

async function saveVouchers(c: JdyHonoContext, ctx: JdyContext): Promise<Response> {
  const body: unknown = await c.req.json().catch(() => undefined);
  const items = isJsonObject(body) && Array.isArray(body.items) ? body.items : null;
  if (!items || items.length === 0)
    return c.json(v2Body(JDY_CODES.v2Validation, '请求体应为 {"items":[凭证…]}，且至少一张凭证'));
  if (items.length > ctx.options.batchSizeMax)
    return c.json(v2Body(JDY_CODES.v2Validation, `单次最多保存${ctx.options.batchSizeMax}张凭证`));
  const scope = {
    accounts: ctx.accounts,
    store: ctx.vouchers,
    now: ctx.options.now(),
    userName: 'openapi',
    origin: 'v2' as const,
  };
  const checked = items.map((item) => {
    const { raw, errors } = v2ItemToVoucher(item, ctx.accounts);
    const check = validateVoucher(raw, scope);
    return check.ok && errors.length === 0
      ? check
      : { ok: false as const, errors: [...errors, ...(check.ok ? [] : check.errors)] };
  });
  const failed = checked.flatMap((ch, i) => (ch.ok ? [] : [`第${i + 1}张凭证：${ch.errors.join('；')}`]));
  if (failed.length > 0) return c.json(v2Body(JDY_CODES.v2Validation, failed.join('\n')));
  const ids = checked.map((ch) => (ch.ok ? ctx.vouchers.add(ch.draft).vchId : ''));
  return c.json(v2Body(JDY_CODES.ok, '成功', { ids }));
}

/** Mounts the family-B (星辰 v2) voucher routes: list, save, detail, accounts and voucher words. */
export function mountV2Routes(app: Hono<SimulatorEnv>, ctx: JdyContext, limiter: WindowLimiter): void {
  const guarded =
    (handler: (c: JdyHonoContext, ctx: JdyContext) => Response | Promise<Response>) => (c: JdyHonoContext) =>
      v2Guard(c, ctx, limiter) ?? handler(c, ctx);
  app.get('/jdy/v2/fi/voucher', guarded(listVouchers));
  app.post('/jdy/v2/fi/voucher', guarded(saveVouchers));
  app.get('/jdy/v2/fi/voucher_detail', guarded(voucherDetail));
  app.get(
    '/jdy/v2/fi/account',
    guarded((c) =>
      c.json(
        v2Body(0, '成功', { count: ctx.accounts.list.length, rows: ctx.accounts.list.map(accountViewV2) }),
      ),
    ),
  );
  app.get(
    '/jdy/v2/fi/voucher_type',
    guarded((c) =>
      c.json(
        v2Body(0, '成功', {
          count: VOUCHER_GROUPS.length,
          rows: VOUCHER_GROUPS.map((name, i) => ({ id: String(i + 1), number: name, name })),
        }),
      ),
    ),
  );
}
