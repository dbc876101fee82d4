import type { Hono } from 'hono';
import {
  type FaultPlan,
  mountInspection,
  readJsonObject,
  type SimulatorEnv,
} from '../../simulator-kit/index.ts';
import type { CallbackTarget } from './callback-pusher.ts';
import type { InstanceOutcome, SimInstance } from './instance-model.ts';
import { renderInstance } from './render.ts';
import { approvalOf } from './routes-approval.ts';
import type { SimContext } from './sim-context.ts';

/** What the inspection API needs of a simulator (structural, to keep imports one-way). */
export interface InspectableSimulator {
  state: SimContext;
  faults: FaultPlan;
  calls: { toJSON(): Record<string, number> };
  reset(): void;
  expireTokens(): number;
  registerCallback(target: Partial<CallbackTarget> & { url: string }, verify?: boolean): Promise<boolean>;
  startInstance(userId?: string): SimInstance;
  endInstance(code: string, outcome: InstanceOutcome): SimInstance | undefined;
}

/** The inspection snapshot: changed/live instances, comments, callbacks, tokens, limits, calls and faults. */
export function inspectState(sim: InspectableSimulator): Record<string, unknown> {
  const { state } = sim;
  return {
    app: { appId: state.app.appId, tenantKey: state.app.tenantKey, approvalCode: state.app.approvalCode },
    instances: {
      seeded: state.store.count,
      live: state.store.liveCount(),
      changed: state.store
        .changedInstances()
        .map((i) => ({ instanceCode: i.code, status: i.status, serialNumber: i.serialNumber })),
    },
    comments: state.comments.all().map((c) => ({
      id: c.id,
      instanceCode: c.instanceCode,
      userId: c.person.userId,
      text: c.text,
      createTime: c.createMs,
    })),
    subscriptions: [...state.subscriptions],
    callbacks: {
      target: state.pusher.target
        ? { url: state.pusher.target.url, encrypted: state.pusher.target.encryptKey !== '' }
        : null,
      schedule: state.pusher.schedule,
      deliveries: state.pusher.deliveries,
    },
    tokens: { valid: state.tokens.validCount(), ttlSeconds: state.tokens.ttl() },
    limits: state.limits.settings,
    calls: sim.calls.toJSON(),
    faults: { spec: sim.faults.current(), injected: Object.fromEntries(sim.faults.injected) },
  };
}

/** Mounts the `/__sim/*` inspection and control API (README.md lists it): the kit's routes plus Feishu's. */
export function mountInspectRoutes(app: Hono<SimulatorEnv>, sim: InspectableSimulator): void {
  mountInspection(app, {
    ...sim,
    inspect: () => inspectState(sim),
    callbacks: {
      pusher: sim.state.pusher,
      fields: ['verificationToken', 'encryptKey'],
      register: (input, verify) => sim.registerCallback(input, verify),
      refusal: 'url_verification 失败：接收方没有原样返回 challenge',
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
    if (typeof body.perSecond === 'number') settings.perSecond = body.perSecond;
    if (typeof body.perMinute === 'number') settings.perMinute = body.perMinute;
    if (typeof body.http429 === 'boolean') settings.http429 = body.http429;
    if (typeof body.tokenTtlSeconds === 'number') sim.state.tokens.setTtl(body.tokenTtlSeconds);
    return c.json({ ...settings, tokenTtlSeconds: sim.state.tokens.ttl() });
  });
  app.get('/__sim/comments', (c) => {
    const code = c.req.query('instanceCode');
    const all = inspectState(sim).comments as { instanceCode: string }[];
    return c.json(code ? all.filter((x) => x.instanceCode === code) : all);
  });
}

function mountInstanceRoutes(app: Hono<SimulatorEnv>, sim: InspectableSimulator): void {
  app.post('/__sim/instances', async (c) => {
    const body = (await readJsonObject(c)) ?? {};
    const instance = sim.startInstance(typeof body.userId === 'string' ? body.userId : undefined);
    return c.json({
      instanceCode: instance.code,
      instance: renderInstance(instance, approvalOf(sim.state), []),
    });
  });
  app.post('/__sim/instances/:code/end', async (c) => {
    const body = (await readJsonObject(c)) ?? {};
    const outcome = body.status ?? 'APPROVED';
    if (outcome !== 'APPROVED' && outcome !== 'REJECTED' && outcome !== 'CANCELED')
      return c.json({ error: 'status: APPROVED | REJECTED | CANCELED' }, 400);
    const instance = sim.endInstance(c.req.param('code'), outcome);
    if (!instance) return c.json({ error: 'instance unknown or not PENDING' }, 404);
    return c.json({ instanceCode: instance.code, status: instance.status });
  });
}
