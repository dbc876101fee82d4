import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../json.ts';
import type { DingtalkSimulator } from '../dingtalk/simulator/create-dingtalk-simulator.ts';
import { DINGTALK_ROBOT_SIM_DEFAULTS } from '../dingtalk/simulator/robot.ts';
import { createManualClock } from '../kit/clock.ts';
import { createTokenBucketLimiter } from '../kit/rate-limiter.ts';
import { failure } from '../kit/testing/failure.ts';
import type { SingleConnectionHarness } from '../kit/testing/single-connection-harness.ts';
import { robotSignature } from './sign.ts';
import { ROBOT_CONNECTION, startRobotGateway } from './testing.ts';

type Harness = SingleConnectionHarness<DingtalkSimulator>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const send = (h: Harness, input: JsonObject) =>
  h.gateway.call({ connection: ROBOT_CONNECTION, operation: 'send', input }, h.observe);

const { accessToken, secret } = DINGTALK_ROBOT_SIM_DEFAULTS;

describe('dingtalk-robot connector against the DingTalk simulator', () => {
  it('sends text and markdown messages the simulator keeps (with @ mentions)', async () => {
    h = await startRobotGateway();
    const text = await send(h, {
      msgtype: 'text',
      content: '集成失败：expenseSync',
      atMobiles: '13800000000, 13900000000',
      isAtAll: false,
    });
    expect(text).toEqual({ errcode: 0, errmsg: 'ok' });
    const markdown = await send(h, {
      msgtype: 'markdown',
      title: '集成告警',
      text: '### 集成失败\n- 流程：expenseSync',
      atUserIds: ['manager01'],
    });
    expect(markdown).toEqual({ errcode: 0, errmsg: 'ok' });
    const messages = h.sim.robot.messages;
    expect(messages.map((m) => m.msgtype)).toEqual(['text', 'markdown']);
    expect(messages[0]).toMatchObject({
      payload: { content: '集成失败：expenseSync' },
      at: { atMobiles: ['13800000000', '13900000000'], isAtAll: false },
    });
    expect(messages[1]).toMatchObject({
      payload: { title: '集成告警', text: '### 集成失败\n- 流程：expenseSync' },
      at: { atUserIds: ['manager01'], isAtAll: false },
    });
    const listed = (await fetch(`${h.server.url}/__sim/robot/messages`).then((r) => r.json())) as unknown[];
    expect(listed).toHaveLength(2);
  });

  it("passes DingTalk's own body shape through (e.g. a link message)", async () => {
    h = await startRobotGateway();
    await send(h, {
      msgtype: 'link',
      link: { title: '运行详情', text: '点开查看', messageUrl: 'https://qiao.example/runs/1' },
    });
    expect(h.sim.robot.messages[0]).toMatchObject({ msgtype: 'link', payload: { title: '运行详情' } });
  });

  it('signs each request with a timestamp the simulator verifies against the documented algorithm', async () => {
    h = await startRobotGateway();
    await send(h, { content: 'ping' });
    const url = new URL(h.exchanges[0]?.request.url ?? '');
    const timestamp = Number(url.searchParams.get('timestamp'));
    expect(Math.abs(Date.now() - timestamp)).toBeLessThan(60_000);
    expect(h.sim.robot.messages).toHaveLength(1);
  });

  it('classifies a bad signature (310000 sign not match) as auth failed, keeping the message', async () => {
    h = await startRobotGateway({ secrets: { signSecret: 'SECwrong' } });
    const error = await failure(send(h, { content: 'ping' }));
    expect(error.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('sign not match');
    expect(error.system).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
    expect(h.sim.robot.messages).toHaveLength(0);
  });

  it('refuses a stale timestamp (more than an hour from the server clock) as sign not match', async () => {
    h = await startRobotGateway({ simulator: { now: () => Date.now() + 2 * 3_600_000 } });
    const error = await failure(send(h, { content: 'ping' }));
    expect(error.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(error.system).toMatchObject({ errcode: 310000 });
  });

  it('refuses a robot with 加签 when the connection has no signSecret', async () => {
    h = await startRobotGateway({ secrets: { signSecret: '' } });
    const error = await failure(send(h, { content: 'ping' }));
    expect(error.system).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
  });

  it('classifies an unknown access_token (300001) as auth failed', async () => {
    h = await startRobotGateway({ secrets: { accessToken: 'no-such-robot' } });
    const error = await failure(send(h, { content: 'ping' }));
    expect(error.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.system).toMatchObject({ errcode: 300001, errmsg: 'token is not exist' });
  });

  it('enforces keywords: a message without one is rejected (310000), with one it is sent', async () => {
    h = await startRobotGateway({
      simulator: { robots: [{ accessToken: 'kw-robot', keywords: ['告警', 'Qiao'] }] },
      secrets: { accessToken: 'kw-robot', signSecret: '' },
    });
    const error = await failure(send(h, { content: '今天天气不错' }));
    expect(error.code).toBe('CONNECTOR_REJECTED');
    expect(error.retryable).toBe(false);
    expect(error.system).toMatchObject({ errcode: 310000, errmsg: 'keywords not in content' });
    await send(h, { msgtype: 'markdown', title: 'Qiao 告警', text: '运行失败' });
    expect(h.sim.robot.messages.map((m) => m.robot)).toEqual(['robot-1']);
    expect(new URL(h.exchanges[1]?.request.url ?? '').searchParams.has('sign')).toBe(false);
  });

  it('classifies the 21st message within a minute (410100) as rate limited for 60 s', async () => {
    const start = Date.now();
    let now = start;
    h = await startRobotGateway({ simulator: { now: () => now } });
    for (let i = 1; i <= 20; i++) {
      await send(h, { content: `告警 ${i}` });
      now += 1000;
    }
    const error = await failure(send(h, { content: '告警 21' }));
    expect(error.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(60_000);
    expect(error.system).toMatchObject({ errcode: 410100 });
    now = start + 59_000; // still within a minute of the first message
    expect((await failure(send(h, { content: '告警 21' }))).code).toBe('CONNECTOR_RATE_LIMITED');
    now = start + 60_001; // the first message (at +0 s) has left the sliding minute
    await expect(send(h, { content: '告警 21' })).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    expect(h.sim.robot.messages).toHaveLength(21);
  });

  it("declares a client rate limit that never exceeds the robot's 20 messages per sliding minute", async () => {
    const clock = createManualClock(Date.now());
    h = await startRobotGateway({
      simulator: { now: clock.now },
      gateway: { clock, rateLimiter: createTokenBucketLimiter({ clock }) },
    });
    for (let i = 1; i <= 45; i++) await send(h, { content: `告警 ${i}` });
    expect(h.sim.robot.messages).toHaveLength(45);
    expect(clock.sleeps.slice(0, 3)).toEqual([6000, 6000, 6000]); // after a burst of 10, one every 6 s
    expect(clock.sleeps).toHaveLength(35);
  });

  it('reports a lost response of a send as an uncertain write (the robot did post it)', async () => {
    h = await startRobotGateway();
    h.sim.faults.force('robot/send', 'lostResponse', 1);
    const error = await failure(send(h, { content: 'ping' }));
    expect(error.code).toBe('CONNECTOR_UNCERTAIN_WRITE');
    expect(h.sim.robot.messages).toHaveLength(1);
  });

  it('maps the fault plan onto the robot route (forced rate limit → 410100, 5xx → unavailable)', async () => {
    h = await startRobotGateway();
    h.sim.faults.force('robot/send', 'rateLimit', 1);
    const limited = await failure(send(h, { content: 'ping' }));
    expect(limited.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(limited.system).toMatchObject({ errcode: 410100 });
    h.sim.faults.force('robot/send', 'serverError', 1);
    expect((await failure(send(h, { content: 'ping' }))).code).toBe('CONNECTOR_UNAVAILABLE');
  });

  it('refuses an incomplete message before sending anything', async () => {
    h = await startRobotGateway();
    const missing = await failure(send(h, { msgtype: 'markdown', title: '只有标题' }));
    expect(missing.code).toBe('INPUT_INVALID');
    const unknown = await failure(send(h, { msgtype: 'voice', content: 'x' }));
    expect(unknown.code).toBe('INPUT_INVALID');
    expect(h.sim.calls.toJSON()['robot/send'] ?? 0).toBe(0);
  });

  it('keeps access_token, the sign and the secret out of recorded exchanges (sent and failed)', async () => {
    h = await startRobotGateway();
    await send(h, { content: 'ping' });
    h.sim.faults.force('robot/send', 'rateLimit', 1);
    await failure(send(h, { content: 'ping' }));
    expect(h.exchanges).toHaveLength(2);
    const recorded = JSON.stringify(h.exchanges);
    for (const exchange of h.exchanges) {
      const url = new URL(exchange.request.url);
      expect(url.searchParams.get('access_token')).toBe('***');
      expect(url.searchParams.get('sign')).toBe('***');
      const sign = robotSignature(secret, url.searchParams.get('timestamp') ?? '');
      for (const hidden of [accessToken, secret, sign, encodeURIComponent(sign)])
        expect(recorded).not.toContain(hidden);
    }
  });
});
