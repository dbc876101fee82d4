import type { Hono } from 'hono';
import type { JsonObject } from '../../../json.ts';
import { INSPECT_PREFIX, type SimulatorEnv } from '../../simulator-kit/index.ts';
import { viewObject } from './bill-view.ts';
import type { K3Context } from './context.ts';

/** Prefix of the inspection API (the kit's); it cannot collide with `/K3Cloud/…` routes. */
export { INSPECT_PREFIX };

/**
 * The K3Cloud-only `/__sim/…` routes, mounted after the kit's (state, calls, faults, reset, info):
 * `GET /bills/:number`, `POST /sessions/expire`, `GET /base-data`. `ctx` gives the live state.
 */
export function k3InspectRoutes(ctx: () => K3Context): (app: Hono<SimulatorEnv>, prefix: string) => void {
  return (app, p) => {
    app.get(`${p}/bills/:number`, (c) => {
      const bill = ctx().bills.findByNumber(c.req.param('number'));
      return bill ? c.json(viewObject(bill)) : c.json({ error: 'not found' }, 404);
    });
    app.post(`${p}/sessions/expire`, (c) => c.json({ expired: ctx().sessions.expireAll() }));
    app.get(`${p}/base-data`, (c) => {
      const out: JsonObject = {};
      for (const t of ctx().baseData.values())
        out[t.formId] = t.records.map((r) => ({ id: r.id, number: r.number, name: r.name }));
      return c.json(out);
    });
  };
}
