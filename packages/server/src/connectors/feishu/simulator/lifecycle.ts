import { randomUUID } from 'node:crypto';
import type { Delivery } from './callback-pusher.ts';
import type { InstanceOutcome, InstanceStatus, SimInstance } from './instance-model.ts';
import { findPerson } from './people.ts';
import type { SimContext } from './sim-context.ts';

/**
 * The `approval_instance` status event (schema 1.0, reference §3.4) — pushed only when the
 * approval is subscribed and a receiver is registered; `uuid` is the dedupe key.
 */
export function instanceEvent(
  ctx: SimContext,
  instance: SimInstance,
  status: InstanceStatus,
): Record<string, unknown> {
  const at = String(ctx.now());
  const uuid = randomUUID().replace(/-/g, '');
  return {
    uuid,
    token: ctx.pusher.target?.verificationToken ?? '',
    ts: (ctx.now() / 1000).toFixed(3),
    type: 'event_callback',
    event: {
      app_id: ctx.app.appId,
      tenant_key: ctx.app.tenantKey,
      type: 'approval_instance',
      approval_code: ctx.app.approvalCode,
      instance_code: instance.code,
      status,
      operate_time: at,
      instance_operate_time: at,
      uuid: instance.uuid,
    },
  };
}

/** Pushes the status event of an instance if its approval is subscribed. */
export function pushStatus(ctx: SimContext, instance: SimInstance): Delivery | null {
  if (!ctx.subscriptions.has(ctx.app.approvalCode)) return null;
  return ctx.pusher.push(instanceEvent(ctx, instance, instance.status));
}

/** Starts a PENDING instance now (by `user_id` or a seeded person) and pushes `PENDING`. */
export function startInstance(ctx: SimContext, userId?: string): SimInstance {
  const person = userId ? findPerson(userId) : undefined;
  const instance = ctx.store.createLive(ctx.now(), person);
  pushStatus(ctx, instance);
  return instance;
}

/** Ends a PENDING instance now and pushes its new status; undefined when unknown or not PENDING. */
export function endInstance(
  ctx: SimContext,
  code: string,
  outcome: InstanceOutcome,
): SimInstance | undefined {
  const instance = ctx.store.end(code, outcome, ctx.now());
  if (instance) pushStatus(ctx, instance);
  return instance;
}
