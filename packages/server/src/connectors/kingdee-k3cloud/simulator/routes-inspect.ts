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
import { viewObject } from './bill-view.ts';
import type { K3Context } from './context.ts';

/** Prefix of the inspection API (the kit's); it cannot collide with `/K3Cloud/…` routes. */
export { INSPECT_PREFIX };

/** What the inspection routes act on. */
export interface InspectTarget {
  ctx: () => K3Context;
  faults: FaultPlan;
  calls: CallCounter;
  inspect: () => JsonObject;
  reset: () => void;
  describe: () => string[];
}

/** Mounts `/__sim/…`: the kit's state, calls, faults (read, replace, force) and reset, plus bills, session expiry, base data. */
export function mountInspection(app: Hono<SimulatorEnv>, target: InspectTarget): void {
  mountKitInspection(app, {
    faults: target.faults,
    calls: target.calls,
    inspect: target.inspect,
    reset: target.reset,
    describe: target.describe,
    answers: namedAnswers('BatchSave'),
    extra: (_, p) => {
      app.get(`${p}/bills/:number`, (c) => {
        const bill = target.ctx().bills.findByNumber(c.req.param('number'));
        return bill ? c.json(viewObject(bill)) : c.json({ error: 'not found' }, 404);
      });
      app.post(`${p}/sessions/expire`, (c) => c.json({ expired: target.ctx().sessions.expireAll() }));
      app.get(`${p}/base-data`, (c) => {
        const out: JsonObject = {};
        for (const t of target.ctx().baseData.values())
          out[t.formId] = t.records.map((r) => ({ id: r.id, number: r.number, name: r.name }));
        return c.json(out);
      });
    },
  });
}
