export { classifyRobotError, ROBOT_ERRCODES, SEND_TOO_FAST_WAIT_MS } from './classify-error.ts';
export { dingtalkRobotConnector } from './connector.ts';
export { robotBodyOf } from './operations/send.ts';
export { robotSignature, withRobotSignature } from './sign.ts';
