import type { Hono } from 'hono';
import { isJsonObject, type JsonObject } from '../../../json.ts';
import {
  type CallCounter,
  FAULT_KINDS,
  type FaultKind,
  type FaultPlan,
  type FaultSpec,
  type SimulatorEnv,
} from '../../simulator-kit/index.ts';
import type { JdyContext } from './context.ts';
import { acctVoucherView } from './voucher-view.ts';

/** Prefix of the inspection API; it cannot collide with `/jdy…` routes. */
export const INSPECT_PREFIX = '/__sim';

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

function isFaultSpec(value: unknown): value is FaultSpec {
  return (
    isJsonObject(value) &&
    Object.values(value).every((v) => isJsonObject(v) && Object.values(v).every((n) => typeof n === 'number'))
  );
}

/** Mounts `/__sim/…`: state, vouchers, calls, faults (read, replace, force), reset, token expiry, secret rotation. */
export function mountInspection(app: Hono<SimulatorEnv>, target: InspectTarget): void {
  const p = INSPECT_PREFIX;
  app.get(`${p}/state`, (c) => c.json(target.inspect()));
  app.get(`${p}/info`, (c) => c.json({ lines: target.describe() }));
  app.get(`${p}/vouchers`, (c) =>
    c.json(target.ctx.vouchers.createdVouchers().map((v) => acctVoucherView(v, target.ctx.accounts))),
  );
  app.get(`${p}/vouchers/:vchId`, (c) => {
    const v = target.ctx.vouchers.get(c.req.param('vchId'));
    return v ? c.json(acctVoucherView(v, target.ctx.accounts)) : c.json({ error: 'not found' }, 404);
  });
  app.get(`${p}/calls`, (c) => c.json(target.calls.toJSON()));
  app.get(`${p}/faults`, (c) =>
    c.json({ spec: target.faults.current(), injected: Object.fromEntries(target.faults.injected) }),
  );
  app.post(`${p}/faults`, async (c) => {
    const spec: unknown = await c.req.json().catch(() => null);
    if (!isFaultSpec(spec))
      return c.json({ error: 'body must be a FaultSpec: {"<route>|*": {"lostResponse": 0.1, …}}' }, 400);
    target.faults.configure(spec);
    return c.json({ spec });
  });
  app.post(`${p}/faults/force`, async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const kind = isJsonObject(body) ? body.kind : undefined;
    if (!isJsonObject(body) || typeof body.route !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) {
      return c.json(
        {
          error: `body must be {"route": "acct.voucher.save", "kind": one of ${FAULT_KINDS.join('/')}, "times": 1}`,
        },
        400,
      );
    }
    target.faults.force(body.route, kind as FaultKind, typeof body.times === 'number' ? body.times : 1);
    return c.json({ forced: body });
  });
  app.post(`${p}/reset`, (c) => {
    target.reset();
    return c.json({ reset: true });
  });
  app.post(`${p}/tokens/expire`, (c) => c.json({ expired: target.expireTokens() }));
  app.post(`${p}/secret/rotate`, (c) => c.json({ appSecret: target.rotateAppSecret() }));
}
