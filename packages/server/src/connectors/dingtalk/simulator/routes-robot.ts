import type { Context, Hono } from 'hono';
import { readJsonObject, type SimulatorEnv, type SystemFaultResponses } from '../../simulator-kit/index.ts';
import { DINGTALK_ROBOT_SIM_DEFAULTS, ROBOT_ANSWERS, type RobotOptions, RobotState } from './robot.ts';

/** Path of the group robot API on the `oapi` host. */
export const ROBOT_PATH = '/robot/send';
/** Route name of the robot API in fault specs and call counts. */
export const ROBOT_ROUTE = 'robot/send';

/** The robot part of the simulator's options. */
export interface RobotSimulatorOptions {
  /** Robots served at `POST /robot/send` (default: the demo robot, sign required, no keywords). */
  robots?: RobotOptions[];
  /** Messages per robot per sliding minute (default 20, the real limit; 0 lifts it). */
  robotMessagesPerMinute?: number;
}

/** The robot state of a simulator from its options. */
export function createRobotState(options: RobotSimulatorOptions, now: () => number): RobotState {
  return new RobotState(
    options.robots ?? [{ ...DINGTALK_ROBOT_SIM_DEFAULTS, name: 'demo' }],
    options.robotMessagesPerMinute ?? 20,
    now,
  );
}

/**
 * The simulator's fault answers with the robot's own on `/robot/send`: a forced `rateLimit` answers
 * 410100 and a `tokenExpiry` 300001 (the robot's token does not expire; an unknown one is what the
 * robot reports), each HTTP 200 as the robot answers; server errors stay the host's.
 */
export function withRobotFaultResponses(responses: SystemFaultResponses): SystemFaultResponses {
  const robot = (c: Context<SimulatorEnv>) => c.req.path === ROBOT_PATH;
  return {
    ...responses,
    rateLimited: (c) => (robot(c) ? c.json(ROBOT_ANSWERS.sendTooFast, 200) : responses.rateLimited(c)),
    tokenExpired: (c) => (robot(c) ? c.json(ROBOT_ANSWERS.tokenNotExist, 200) : responses.tokenExpired(c)),
  };
}

/** Reads a send's body as the robot does: JSON only (another Content-Type or bad JSON → undefined). */
async function bodyOf(c: Context<SimulatorEnv>): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('json')) return undefined;
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Mounts `POST /robot/send` (always HTTP 200 with `{errcode, errmsg}`) and the robot's inspection
 * routes: `GET /__sim/robot` (robots and their last-minute counts), `GET /__sim/robot/messages
 * [?access_token=]` (accepted messages), `POST /__sim/robot {accessToken, secret?, keywords?, name?}`
 * (add or replace a robot), `POST /__sim/robot/limit {perMinute}`.
 */
export function mountRobotRoutes(app: Hono<SimulatorEnv>, robots: RobotState): void {
  app.post(ROBOT_PATH, async (c) => {
    const answer = robots.send({
      accessToken: c.req.query('access_token'),
      timestamp: c.req.query('timestamp'),
      sign: c.req.query('sign'),
      body: await bodyOf(c),
    });
    return c.json(answer, 200);
  });
  app.get('/__sim/robot', (c) => c.json(inspectRobots(robots)));
  app.get('/__sim/robot/messages', (c) => {
    const token = c.req.query('access_token');
    return c.json(token ? robots.messages.filter((m) => m.accessToken === token) : robots.messages);
  });
  app.post('/__sim/robot', async (c) => {
    const body = (await readJsonObject(c)) ?? {};
    if (typeof body.accessToken !== 'string' || body.accessToken === '')
      return c.json({ error: '需要 accessToken / accessToken required' }, 400);
    const keywords = Array.isArray(body.keywords) ? body.keywords.map(String) : undefined;
    robots.add({
      accessToken: body.accessToken,
      ...(typeof body.secret === 'string' && body.secret ? { secret: body.secret } : {}),
      ...(keywords ? { keywords } : {}),
      ...(typeof body.name === 'string' ? { name: body.name } : {}),
    });
    return c.json(inspectRobots(robots));
  });
  app.post('/__sim/robot/limit', async (c) => {
    const body = (await readJsonObject(c)) ?? {};
    if (typeof body.perMinute === 'number') robots.perMinute = body.perMinute;
    return c.json({ perMinute: robots.perMinute });
  });
}

/** The robots as inspection shows them (secrets included: this is a simulator). */
export function inspectRobots(robots: RobotState): Record<string, unknown> {
  return {
    perMinute: robots.perMinute,
    robots: [...robots.robots.values()].map((r) => ({
      name: r.name,
      accessToken: r.accessToken,
      secret: r.secret ?? null,
      keywords: r.keywords ?? [],
      sentLastMinute: robots.sentLastMinute(r.accessToken),
    })),
    messages: robots.messages.length,
  };
}

/** Banner lines of `qiao simulate dingtalk` for the robots. */
export function describeRobots(robots: RobotState): string[] {
  const lines = [...robots.robots.values()].map(
    (r) =>
      `  robot ${r.name}: POST ${ROBOT_PATH}?access_token=${r.accessToken}  ${r.secret ? `secret=${r.secret} (加签 required)` : '(no sign)'}${r.keywords?.length ? `  keywords=${r.keywords.join(',')}` : ''}`,
  );
  return [...lines, '  robot inspect: GET /__sim/robot · GET /__sim/robot/messages'];
}
