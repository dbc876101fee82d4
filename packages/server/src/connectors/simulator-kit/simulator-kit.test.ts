import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackPusher, type DeliveryRecord } from './callback-pusher.ts';
import { mountInspection, namedAnswers } from './inspection.ts';
import { createSimulatorBase } from './simulator-base.ts';
import { useSimulator } from './testing.ts';
import { createTokenIssuer } from './token-issuer.ts';

/** A tiny simulator on the kit: one counted route `GET /ping`, the inspection API, a token issuer. */
function createPingSimulator(answers?: ReturnType<typeof namedAnswers>) {
  let clock = 1_000_000;
  const tokens = createTokenIssuer({
    ttlSeconds: 60,
    now: () => clock,
    mint: () => `t${clock}`,
    reuse: 'extend',
  });
  const base = createSimulatorBase({
    seed: 3,
    faults: { ping: { serverError: 0 } },
    routeOf: (c) => (c.req.path === '/ping' ? 'ping' : null),
    responses: {
      rateLimited: (c) => c.json({ limited: true }, 429),
      tokenExpired: (c) => c.json({ expired: true }, 401),
    },
    resetRestoresFaults: true,
  });
  base.app.get('/ping', (c) => c.json({ pong: true }));
  const sim = {
    ...base,
    tokens,
    tick: (ms: number) => {
      clock += ms;
    },
    inspect: () => ({ calls: base.calls.toJSON() }),
    expireTokens: () => tokens.expireAll(),
  };
  mountInspection(base.app, {
    ...sim,
    ...(answers ? { answers } : {}),
    extra: (app, p) => app.get(`${p}/extra`, (c) => c.json({ extra: true })),
  });
  return sim;
}

const t = useSimulator(() => createPingSimulator());
const post = (path: string, body: unknown) =>
  fetch(`${t.url}/__sim${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    json: (await r.json()) as Record<string, unknown>,
  }));

describe('simulator kit inspection', () => {
  it('counts named routes but not the inspection api, and forces faults by route', async () => {
    await fetch(`${t.url}/ping`);
    await fetch(`${t.url}/__sim/calls`);
    expect(await (await fetch(`${t.url}/__sim/calls`)).json()).toEqual({ ping: 1 });
    expect((await post('/faults/force', { route: 'ping', kind: 'serverError' })).json).toEqual({ ok: true });
    expect((await fetch(`${t.url}/ping`)).status).toBe(502);
    expect((await fetch(`${t.url}/ping`)).status).toBe(200);
    const faults = (await (await fetch(`${t.url}/__sim/faults`)).json()) as { injected: unknown };
    expect(faults.injected).toEqual({ 'ping:serverError': 1 });
  });

  it('rejects a bad force body and mounts the extra routes', async () => {
    expect((await post('/faults/force', { route: 'ping', kind: 'melt' })).status).toBe(400);
    expect(await (await fetch(`${t.url}/__sim/extra`)).json()).toEqual({ extra: true });
  });

  it('resets calls and restores the initial fault settings', async () => {
    await post('/faults', { '*': { rateLimit: 1 } });
    expect((await fetch(`${t.url}/ping`)).status).toBe(429);
    expect((await post('/reset', {})).json).toEqual({ ok: true });
    expect(await (await fetch(`${t.url}/__sim/faults`)).json()).toEqual({
      spec: { ping: { serverError: 0 } },
      injected: {},
    });
    expect(await (await fetch(`${t.url}/__sim/calls`)).json()).toEqual({});
  });
});

describe('simulator kit inspection with named answers', () => {
  const named = useSimulator(() => createPingSimulator(namedAnswers('ping')));
  it('checks the spec shape and answers with what was forced', async () => {
    const bad = await fetch(`${named.url}/__sim/faults`, { method: 'POST', body: '{"ping": 3}' });
    expect(bad.status).toBe(400);
    const forced = await fetch(`${named.url}/__sim/faults/force`, {
      method: 'POST',
      body: JSON.stringify({ route: 'ping', kind: 'timeout', times: 2 }),
    });
    expect(await forced.json()).toEqual({ forced: { route: 'ping', kind: 'timeout', times: 2 } });
    const reset = await fetch(`${named.url}/__sim/reset`, { method: 'POST' });
    expect(await reset.json()).toEqual({ reset: true });
  });
});

describe('token issuer', () => {
  it('extends a valid token, replaces an expired one and expires all on demand', () => {
    const sim = t.sim;
    const first = sim.tokens.issue('app');
    sim.tick(30_000);
    expect(sim.tokens.issue('app')).toEqual({ token: first.token, expiresIn: 60 });
    expect(sim.expireTokens()).toBe(1);
    expect(sim.tokens.check(first.token)).toEqual({ ok: false, reason: 'invalid' });
    expect(sim.tokens.check(undefined)).toEqual({ ok: false, reason: 'missing' });
    const second = sim.tokens.issue('app');
    expect(second.token).not.toBe(first.token);
    expect(sim.tokens.check(second.token)).toEqual({ ok: true, owner: 'app' });
  });

  it('reuses a token with its remaining lifetime only while enough is left', () => {
    let now = 0;
    let n = 0;
    const issuer = createTokenIssuer({
      ttlSeconds: 100,
      now: () => now,
      mint: () => `m${n++}`,
      reuse: () => 40_000,
    });
    expect(issuer.issue('a')).toEqual({ token: 'm0', expiresIn: 100 });
    now = 50_000;
    expect(issuer.issue('a')).toEqual({ token: 'm0', expiresIn: 50 });
    now = 70_000;
    expect(issuer.issue('a')).toEqual({ token: 'm1', expiresIn: 100 });
    expect(issuer.validCount()).toBe(2);
  });
});

describe('callback pusher', () => {
  let receiver: Server;
  let answers: number[] = [];
  let url = '';
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((done) => receiver.close(done)));

  it('re-pushes an unanswered event after each delay and then marks it failed', async () => {
    answers = [500, 500, 500];
    const pusher = createCallbackPusher<string, DeliveryRecord & { id: string }>({
      schedule: { timeoutMs: 1000, retryDelaysMs: [1, 1] },
      send: async (target, payload, timeoutMs) => {
        const r = await fetch(target, {
          method: 'POST',
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await r.text();
        return { at: 0, durationMs: 0, status: r.status, ok: r.status === 200 };
      },
      deliveryOf: (event) => ({ id: String(event.id), event, attempts: [], state: 'pending' }),
      resetForgetsTarget: true,
    });
    expect(pusher.push({ id: 'e0' })).toBeNull();
    pusher.target = url;
    const failed = once(pusher, 'failed');
    pusher.push({ id: 'e1' });
    const [delivery] = (await failed) as [DeliveryRecord & { id: string }];
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
    const delivered = once(pusher, 'delivered');
    pusher.push({ id: 'e2' });
    await delivered;
    expect(pusher.deliveries.map((d) => [d.id, d.state])).toEqual([
      ['e1', 'failed'],
      ['e2', 'delivered'],
    ]);
    pusher.reset();
    expect([pusher.deliveries.length, pusher.target]).toEqual([0, null]);
  });
});
