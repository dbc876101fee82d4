import type { Hono } from 'hono';
import {
  type FaultPlan,
  mountInspection,
  readJsonObject,
  type SimulatorEnv,
} from '../../simulator-kit/index.ts';
import type { CallbackTarget } from './callback-pusher.ts';
import { DINGTALK_SIM_DEFAULTS } from './defaults.ts';
import type { SimInstance } from './instance-model.ts';
import type { InstanceGenerator, InstanceOutcome } from './lifecycle.ts';
import { renderLegacyInstance } from './render.ts';
import type { SimContext } from './sim-context.ts';

/** What the inspection API needs of a simulator (structural, to keep imports one-way). */
export interface InspectableSimulator {
  state: SimContext;
  faults: FaultPlan;
  calls: { toJSON(): Record<string, number> };
  generator: InstanceGenerator;
  reset(): void;
  expireTokens(): number;
  startInstance(originatorUserId?: string): SimInstance;
  endInstance(id: string, outcome: InstanceOutcome): SimInstance | undefined;
}

/** The inspection snapshot: instances changed or created, comments, callbacks, calls, faults, limits. */
export function inspectState(sim: InspectableSimulator): Record<string, unknown> {
  const { state } = sim;
  return {
    app: { appKey: state.app.appKey, corpId: state.app.corpId, processCode: state.app.processCode },
    instances: {
      seeded: state.store.count,
      live: state.store.liveCount(),
      changed: state.store
        .changedInstances()
        .map((i) => ({ id: i.id, status: i.status, result: i.result, businessId: i.businessId })),
    },
    comments: state.comments,
    callbacks: {
      target: state.pusher.target
        ? { url: state.pusher.target.url, ownerKey: state.pusher.target.ownerKey }
        : null,
      schedule: state.pusher.schedule,
      deliveries: state.pusher.deliveries,
    },
    tokens: { valid: state.tokens.validCount() },
    limits: { ...state.limits.settings, monthlyUsed: state.limits.monthlyUsed(state.app.appKey) },
    generator: { ratePerSecond: sim.generator.rate, finishAfterMs: sim.generator.finishAfterMs },
    calls: sim.calls.toJSON(),
    faults: { spec: sim.faults.current(), injected: Object.fromEntries(sim.faults.injected) },
  };
}

/** Registers the push receiver; with `verify` sends the `check_url` event and registers only if it answers "success". */
export async function registerCallback(
  sim: InspectableSimulator,
  input: Partial<CallbackTarget> & { url: string },
  verify: boolean,
): Promise<boolean> {
  const target: CallbackTarget = {
    url: input.url,
    token: input.token ?? DINGTALK_SIM_DEFAULTS.callbackToken,
    aesKey: input.aesKey ?? DINGTALK_SIM_DEFAULTS.callbackAesKey,
    ownerKey: input.ownerKey ?? sim.state.app.appKey,
  };
  if (verify) {
    const attempt = await sim.state.pusher.sendOnce(target, { EventType: 'check_url' });
    if (!attempt.ok) return false;
  }
  sim.state.pusher.target = target;
  return true;
}

/** Mounts the `/__sim/*` inspection and control API (documented in README.md): the kit's routes plus DingTalk's. */
export function mountInspectRoutes(app: Hono<SimulatorEnv>, sim: InspectableSimulator): void {
  mountInspection(app, {
    ...sim,
    inspect: () => inspectState(sim),
    callbacks: {
      pusher: sim.state.pusher,
      fields: ['token', 'aesKey', 'ownerKey'],
      register: (input, verify) => registerCallback(sim, input, verify),
      refusal: 'check_url 校验失败：接收方没有返回加密的 success',
    },
    extra: () => {
      mountLimitAndCommentRoutes(app, sim);
      mountInstanceRoutes(app, sim);
    },
  });
}

function mountLimitAndCommentRoutes(app: Hono<SimulatorEnv>, sim: InspectableSimulator): void {
  app.post('/__sim/limits', async (c) => {
    const body = (await readJsonObject(c)) ?? {};
    const settings = sim.state.limits.settings;
    if (typeof body.qps === 'number') settings.qps = body.qps;
    if (typeof body.monthlyQuota === 'number') settings.monthlyQuota = body.monthlyQuota;
    if (typeof body.tokenTtlSeconds === 'number') sim.state.tokens.setTtl(body.tokenTtlSeconds);
    return c.json(settings);
  });
  app.get('/__sim/comments', (c) => {
    const id = c.req.query('processInstanceId');
    return c.json(id ? sim.state.comments.filter((x) => x.processInstanceId === id) : sim.state.comments);
  });
}

function mountInstanceRoutes(app: Hono<SimulatorEnv>, sim: InspectableSimulator): void {
  app.post('/__sim/instances', async (c) => {
    const body = (await readJsonObject(c)) ?? {};
    const instance = sim.startInstance(
      typeof body.originatorUserId === 'string' ? body.originatorUserId : undefined,
    );
    return c.json({ processInstanceId: instance.id, instance: renderLegacyInstance(instance) });
  });
  app.post('/__sim/instances/:id/end', async (c) => {
    const body = (await readJsonObject(c)) ?? {};
    const outcome = body.outcome ?? 'agree';
    if (outcome !== 'agree' && outcome !== 'refuse' && outcome !== 'terminate')
      return c.json({ error: 'outcome: agree | refuse | terminate' }, 400);
    const instance = sim.endInstance(c.req.param('id'), outcome);
    if (!instance) return c.json({ error: 'instance unknown or not RUNNING' }, 404);
    return c.json({ processInstanceId: instance.id, status: instance.status, result: instance.result });
  });
  app.post('/__sim/generator', async (c) => {
    const body = (await readJsonObject(c)) ?? {};
    if (typeof body.finishAfterMs === 'number') sim.generator.finishAfterMs = body.finishAfterMs;
    sim.generator.start(typeof body.ratePerSecond === 'number' ? body.ratePerSecond : 0);
    return c.json({ ratePerSecond: sim.generator.rate, finishAfterMs: sim.generator.finishAfterMs });
  });
  app.delete('/__sim/generator', (c) => {
    sim.generator.stop();
    return c.json({ ratePerSecond: 0 });
  });
}
