export { createFormTriggers, type FormEvent, type FormTriggers } from './form-events.ts';
export { loadScheduledFlows, type ScheduledFlow } from './scheduled-flows.ts';
export { createScheduler, type FiredSlot, type Scheduler, type SchedulerOptions } from './scheduler.ts';
export {
  createWebhookHandler,
  type WebhookOptions,
  type WebhookRequest,
  type WebhookResponse,
} from './webhook.ts';
