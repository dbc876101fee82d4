import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDingtalkSimulator } from './create-dingtalk-simulator.ts';
import { describeDingtalkSimulator } from './describe-dingtalk-simulator.ts';
import { DINGTALK_ROBOT_SIM_DEFAULTS } from './robot.ts';
import { jsonOf, type SimulatorHarness, startSimulatorHarness } from './testing.ts';

let h: SimulatorHarness | undefined;
afterEach(() => h?.server.close());

const { accessToken, secret } = DINGTALK_ROBOT_SIM_DEFAULTS;

function signedUrl(url: string, token: string, key: string, timestamp = Date.now()): string {
  const sign = createHmac('sha256', key).update(`${timestamp}\n${key}`).digest('base64');
  return `${url}/robot/send?access_token=${token}&timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
}

async function post(url: string, body: unknown, contentType = 'application/json') {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('dingtalk simulator group robot (POST /robot/send)', () => {
  it('accepts a signed text message and shows it in inspection until reset', async () => {
    h = await startSimulatorHarness({ instances: 1 });
    const sent = await post(signedUrl(h.url, accessToken, secret), {
      msgtype: 'text',
      text: { content: '你好' },
    });
    expect(sent).toEqual({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
    const messages = await fetch(`${h.url}/__sim/robot/messages?access_token=${accessToken}`).then(jsonOf);
    expect(messages).toMatchObject([{ seq: 1, robot: 'demo', msgtype: 'text', content: '你好' }]);
    const robots = await fetch(`${h.url}/__sim/robot`).then(jsonOf);
    expect(robots).toMatchObject({
      perMinute: 20,
      messages: 1,
      robots: [{ name: 'demo', sentLastMinute: 1 }],
    });
    expect(h.sim.calls.toJSON()['robot/send']).toBe(1);
    await fetch(`${h.url}/__sim/reset`, { method: 'POST' });
    expect(h.sim.robot.messages).toHaveLength(0);
  });

  it('answers body-shape errors with errcode 40035 (HTTP 200), checking token and sign first', async () => {
    h = await startSimulatorHarness({ instances: 1 });
    const url = signedUrl(h.url, accessToken, secret);
    expect((await post(url, 'msgtype=text', 'application/x-www-form-urlencoded')).body).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 json',
    });
    expect((await post(url, { msgtype: 'voice' })).body).toMatchObject({ errcode: 40035 });
    expect((await post(url, { msgtype: 'text', text: {} })).body).toMatchObject({
      errmsg: '缺少参数 text.content',
    });
    expect((await post(url, { msgtype: 'markdown', markdown: { title: 't' } })).body).toMatchObject({
      errmsg: '缺少参数 markdown.text',
    });
    expect((await post(`${h.url}/robot/send?access_token=nope`, { msgtype: 'voice' })).body).toEqual({
      errcode: 300001,
      errmsg: 'token is not exist',
    });
    expect((await post(`${h.url}/robot/send?access_token=${accessToken}`, {})).body).toEqual({
      errcode: 310000,
      errmsg: 'sign not match',
    });
    expect(h.sim.robot.messages).toHaveLength(0);
  });

  it('adds robots through inspection, checks keywords in markdown title and text, and lifts the limit', async () => {
    h = await startSimulatorHarness({ instances: 1, robotMessagesPerMinute: 1 });
    await post(`${h.url}/__sim/robot`, { accessToken: 'kw', keywords: ['告警'], name: 'ops' });
    const url = `${h.url}/robot/send?access_token=kw`;
    expect((await post(url, { msgtype: 'text', text: { content: 'hello' } })).body).toEqual({
      errcode: 310000,
      errmsg: 'keywords not in content',
    });
    const md = { msgtype: 'markdown', markdown: { title: '告警', text: 'run failed' } };
    expect((await post(url, md)).body).toMatchObject({ errcode: 0 });
    expect((await post(url, md)).body).toMatchObject({ errcode: 410100 });
    await post(`${h.url}/__sim/robot/limit`, { perMinute: 0 });
    expect((await post(url, md)).body).toMatchObject({ errcode: 0 });
    expect(h.sim.robot.messages.map((m) => m.robot)).toEqual(['ops', 'ops']);
  });

  it('prints the demo robot in the banner', () => {
    const lines = describeDingtalkSimulator(createDingtalkSimulator({ instances: 1 }), 'http://127.0.0.1:1');
    expect(lines.join('\n')).toContain(`access_token=${accessToken}`);
    expect(lines.join('\n')).toContain(`secret=${secret}`);
  });
});
