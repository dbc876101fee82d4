import type { DingtalkSimulator } from '../connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import type { RobotMessage } from '../connectors/dingtalk/simulator/robot.ts';
import type { Runtime } from '../runtime/create-runtime.ts';
import type { RunRecord } from '../store/port.ts';

/** The alert flow of `examples/alerts`. */
export const ALERT_FLOW = 'alertToDingtalkRobot';

/** What the alert check saw: the alert run, and the messages the DingTalk group robot accepted. */
export interface AlertsResult {
  run?: RunRecord;
  /** The failed run the alert was about (its trigger's `run.id`). */
  about?: string;
  messages: RobotMessage[];
  error?: string;
}

/**
 * Resolves with the first alert run that finishes from now on (a failed run of another flow starts it:
 * `trigger: {type: runFailed}`), or reports after `timeoutMs` that none came. Call it before the run
 * that is meant to fail, then `await` it after.
 */
export function watchAlert(runtime: Runtime, dingtalk: DingtalkSimulator, timeoutMs = 20_000) {
  const before = dingtalk.robot.messages.length;
  let timer: NodeJS.Timeout | undefined;
  let listener: ((event: { run: RunRecord }) => void) | undefined;
  const finished = new Promise<RunRecord | undefined>((resolve) => {
    listener = ({ run }) => {
      if (run.flowId === ALERT_FLOW) resolve(run);
    };
    runtime.engine.events.on('run:finished', listener);
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  return async (): Promise<AlertsResult> => {
    const run = await finished;
    clearTimeout(timer);
    if (listener) runtime.engine.events.off('run:finished', listener);
    const messages = dingtalk.robot.messages.slice(before);
    if (!run) return { messages, error: '没有告警运行 / no alert run' };
    const trigger = run.trigger as { run?: { id?: string } } | null;
    return { run, messages, ...(trigger?.run?.id ? { about: trigger.run.id } : {}) };
  };
}
