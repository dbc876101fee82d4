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
import { viewObject } from './bill-view.ts';
import type { K3Context } from './context.ts';

/** Prefix of the inspection API; it cannot collide with `/K3Cloud/…` routes. */
export const INSPECT_PREFIX = '/__sim';

/** What the inspection routes act on. */
export interface InspectTarget {
  ctx: () => K3Context;
  faults: FaultPlan;
  calls: CallCounter;
  inspect: () => JsonObject;
  reset: () => void;
  describe: () => string[];
}

function isFaultSpec(value: unknown): value is FaultSpec {
  return (
    isJsonObject(value) &&
    Object.values(value).every((v) => isJsonObject(v) && Object.values(v).every((n) => typeof n === 'number'))
  );
}

/** Mounts `/__sim/…`: state, bills, calls, faults (read, replace, force), reset, session expiry, base data. */
export function mountInspection(app: Hono<SimulatorEnv>, target: InspectTarget): void {
  const p = INSPECT_PREFIX;
  app.get(`${p}/state`, (c) => c.json(target.inspect()));
  app.get(`${p}/info`, (c) => c.json({ lines: target.describe() }));
  app.get(`${p}/bills/:number`, (c) => {
    const bill = target.ctx().bills.findByNumber(c.req.param('number'));
    return bill ? c.json(viewObject(bill)) : c.json({ error: 'not found' }, 404);
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
        { error: `body must be {"route": "BatchSave", "kind": one of ${FAULT_KINDS.join('/')}, "times": 1}` },
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
  app.post(`${p}/sessions/expire`, (c) => c.json({ expired: target.ctx().sessions.expireAll() }));
  app.get(`${p}/base-data`, (c) => {
    const out: JsonObject = {};
    for (const t of target.ctx().baseData.values())
      out[t.formId] = t.records.map((r) => ({ id: r.id, number: r.number, name: r.name }));
    return c.json(out);
  });
}
