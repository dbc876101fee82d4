import type { Hono } from 'hono';
import { isJsonObject, type JsonObject } from '../../json.ts';
import { type CallbackControl, mountCallbackRoutes } from './callback-routes.ts';
import { FAULT_KINDS, type FaultKind, type FaultPlan, type FaultSpec } from './faults.ts';
import type { SimulatorEnv } from './host.ts';
import { readJsonObject } from './inspection-body.ts';

export { readJsonObject };

/** Prefix of every simulator's inspection and control API; no simulated system uses it. */
export const INSPECT_PREFIX = '/__sim';

/** How the fault and reset routes validate and answer (two simulator families answer differently). */
export interface InspectionAnswers {
  /** Body of `POST /reset`. */
  reset: JsonObject;
  /** Body of a successful `POST /faults/force`, given the request body. */
  forced(body: JsonObject): JsonObject;
  /** Whether `POST /faults` accepts only `{route: {kind: number}}` (false: any JSON object). */
  strictSpec: boolean;
  /** Error text of a rejected `POST /faults`. */
  badSpec: string;
  /** Error text of a rejected `POST /faults/force`. */
  badForce: string;
}

/** Answers of the approval simulators (DingTalk, Feishu): `{ok: true}` replies, any JSON object as a spec. */
export const OK_ANSWERS: InspectionAnswers = {
  reset: { ok: true },
  forced: () => ({ ok: true }),
  strictSpec: false,
  badSpec: 'body must be a FaultSpec JSON object',
  badForce: `need {route, kind: ${FAULT_KINDS.join('|')}, times?}`,
};

/** Answers of the ERP simulators (K3Cloud, JDY): named replies, a checked spec; `route` is the example in errors. */
export function namedAnswers(route: string): InspectionAnswers {
  return {
    reset: { reset: true },
    forced: (body) => ({ forced: body }),
    strictSpec: true,
    badSpec: 'body must be a FaultSpec: {"<route>|*": {"lostResponse": 0.1, …}}',
    badForce: `body must be {"route": "${route}", "kind": one of ${FAULT_KINDS.join('/')}, "times": 1}`,
  };
}

/** What the shared inspection routes act on. */
export interface InspectionTarget {
  faults: FaultPlan;
  calls: { toJSON(): Record<string, number> };
  /** The `GET /state` snapshot. */
  inspect(): unknown;
  reset(): void;
  /** Mounts `POST /tokens/expire` → `{expired}` when given. */
  expireTokens?: () => number;
  /** Mounts `GET /info` → `{lines}` when given. */
  describe?: () => string[];
  /** Mounts `POST|DELETE /callback` and `GET /callbacks` when given (simulators that push events). */
  callbacks?: CallbackControl;
  /** Mounts the simulator's own `/__sim/…` routes after the shared ones. */
  extra?: (app: Hono<SimulatorEnv>, prefix: string) => void;
  answers?: InspectionAnswers;
}

/** Whether `value` has the FaultSpec shape: route names mapping to `{kind: number}` objects. */
export function isFaultSpec(value: unknown): value is FaultSpec {
  return (
    isJsonObject(value) &&
    Object.values(value).every((v) => isJsonObject(v) && Object.values(v).every((n) => typeof n === 'number'))
  );
}

/**
 * Mounts `/__sim/state`, `/calls`, `/faults` (GET, POST), `/faults/force`, `/reset`, and, when the
 * target has them, `/tokens/expire`, `/info` and the simulator's extra routes.
 */
export function mountInspection(app: Hono<SimulatorEnv>, target: InspectionTarget): void {
  const p = INSPECT_PREFIX;
  const answers = target.answers ?? OK_ANSWERS;
  const { faults } = target;
  app.get(`${p}/state`, (c) => c.json(target.inspect() as JsonObject));
  if (target.describe) {
    const describe = target.describe;
    app.get(`${p}/info`, (c) => c.json({ lines: describe() }));
  }
  app.get(`${p}/calls`, (c) => c.json(target.calls.toJSON()));
  app.get(`${p}/faults`, (c) =>
    c.json({ spec: faults.current(), injected: Object.fromEntries(faults.injected) }),
  );
  app.post(`${p}/faults`, async (c) => {
    const body = await readJsonObject(c);
    if (!body || (answers.strictSpec && !isFaultSpec(body))) return c.json({ error: answers.badSpec }, 400);
    faults.configure(body as FaultSpec);
    return c.json({ spec: faults.current() });
  });
  app.post(`${p}/faults/force`, async (c) => {
    const body = await readJsonObject(c);
    const kind = body?.kind as FaultKind;
    if (!body || typeof body.route !== 'string' || !FAULT_KINDS.includes(kind))
      return c.json({ error: answers.badForce }, 400);
    faults.force(body.route, kind, typeof body.times === 'number' ? body.times : 1);
    return c.json(answers.forced(body as JsonObject));
  });
  app.post(`${p}/reset`, (c) => {
    target.reset();
    return c.json(answers.reset);
  });
  if (target.expireTokens) {
    const expire = target.expireTokens;
    app.post(`${p}/tokens/expire`, (c) => c.json({ expired: expire() }));
  }
  if (target.callbacks) mountCallbackRoutes(app, p, target.callbacks);
  target.extra?.(app, p);
}
