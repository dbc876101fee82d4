import type { Hono } from 'hono';
import { INSPECT_PREFIX, type SimulatorEnv } from '../../simulator-kit/index.ts';
import type { JdyContext } from './context.ts';
import { acctVoucherView } from './voucher-view.ts';

/** Prefix of the inspection API (the kit's); it cannot collide with `/jdy…` routes. */
export { INSPECT_PREFIX };

/**
 * The JDY-only `/__sim/…` routes, mounted after the kit's (state, calls, faults, reset, info, token
 * expiry): `GET /vouchers`, `GET /vouchers/:vchId`, `POST /secret/rotate`.
 */
export function jdyInspectRoutes(
  ctx: JdyContext,
  rotateAppSecret: () => string,
): (app: Hono<SimulatorEnv>, prefix: string) => void {
  return (app, p) => {
    app.get(`${p}/vouchers`, (c) =>
      c.json(ctx.vouchers.createdVouchers().map((v) => acctVoucherView(v, ctx.accounts))),
    );
    app.get(`${p}/vouchers/:vchId`, (c) => {
      const v = ctx.vouchers.get(c.req.param('vchId'));
      return v ? c.json(acctVoucherView(v, ctx.accounts)) : c.json({ error: 'not found' }, 404);
    });
    app.post(`${p}/secret/rotate`, (c) => c.json({ appSecret: rotateAppSecret() }));
  };
}
