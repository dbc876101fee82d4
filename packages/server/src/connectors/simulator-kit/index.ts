export {
  CallbackPusher,
  type CallbackPusherOptions,
  createCallbackPusher,
  type DeliveryAttempt,
  type DeliveryRecord,
  type PushSchedule,
  type PushSender,
  type TimedPostResult,
  timedPost,
} from './callback-pusher.ts';
export { type CallbackControl, mountCallbackRoutes } from './callback-routes.ts';
export {
  FAULT_KINDS,
  type FaultKind,
  FaultPlan,
  type FaultSpec,
  parseFaultSpec,
  type RouteFaults,
} from './faults.ts';
export {
  CallCounter,
  dropConnection,
  type FastAnswer,
  type FastRequest,
  type FastRoute,
  type FastRoutes,
  faultMiddleware,
  type RunningSimulator,
  type SimulatorEnv,
  type SystemFaultResponses,
  startServer,
} from './host.ts';
export {
  INSPECT_PREFIX,
  type InspectionAnswers,
  type InspectionTarget,
  isFaultSpec,
  mountInspection,
  namedAnswers,
  OK_ANSWERS,
  readJsonObject,
} from './inspection.ts';
export { parseJsonBody } from './json-body.ts';
export { createRandom, type SeededRandom } from './random.ts';
export {
  createSimulatorBase,
  type SimulatorBase,
  type SimulatorBaseOptions,
  withLatency,
} from './simulator-base.ts';
export { memoizeByText } from './text-memo.ts';
export {
  createTokenIssuer,
  type TokenCheck,
  type TokenIssuer,
  type TokenIssuerOptions,
} from './token-issuer.ts';
