export { FAULT_KINDS, type FaultKind, FaultPlan, type FaultSpec, parseFaultSpec, type RouteFaults } from './faults.ts';
export {
  CallCounter,
  dropConnection,
  faultMiddleware,
  type RunningSimulator,
  type SimulatorEnv,
  startServer,
  type SystemFaultResponses,
} from './host.ts';
export { createRandom, type SeededRandom } from './random.ts';
