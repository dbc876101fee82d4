import type { Hono } from 'hono';
import type { JsonObject } from '../../../json.ts';
import {
  type CallCounter,
  type FaultPlan,
  INSPECT_PREFIX,
  mountInspection as mountKitInspection,
  namedAnswers,
  type SimulatorEnv,
} from '../../simulator-kit/index.ts';
import type { JdyContext } from './context.ts';
import { acctVoucherView } from './voucher-view.ts';

/** Prefix of the inspection API (the kit's); it cannot collide with `/jdy…` routes. */
export { INSPECT_PREFIX };

/** What the inspection routes act on. */
export interface InspectTarget {
  ctx: JdyContext;
  faults: FaultPlan;
  calls: CallCounter;
  inspect: () => JsonObject;
  reset: () => void;
  describe: () => string[];
  expireTokens: () => number;
  rotateAppSecret: () => string;
}

/** Mounts `/__sim/…`: the kit's state, calls, faults (read, replace, force), reset and token expiry, plus vouchers and secret rotation. */
export function mountInspection(app: Hono<SimulatorEnv>, target: InspectTarget): void {
  mountKitInspection(app, {
    faults: target.faults,
    calls: target.calls,
    inspect: target.inspect,
    reset: target.reset,
    describe: target.describe,
    expireTokens: target.expireTokens,
    answers: namedAnswers('acct.voucher.save'),
    extra: (_, p) => {
      app.get(`${p}/vouchers`, (c) =>
        c.json(target.ctx.vouchers.createdVouchers().map((v) => acctVoucherView(v, target.ctx.accounts))),
      );
      app.get(`${p}/vouchers/:vchId`, (c) => {
        const v = target.ctx.vouchers.get(c.req.param('vchId'));
        return v ? c.json(acctVoucherView(v, target.ctx.accounts)) : c.json({ error: 'not found' }, 404);
      });
      app.post(`${p}/secret/rotate`, (c) => c.json({ appSecret: target.rotateAppSecret() }));
    },
  });
}
