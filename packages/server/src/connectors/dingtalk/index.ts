export { dingtalkConnector } from './connector.ts';
export { decodeForm, decodeLegacyInstance, decodeTable, decodeV1Instance } from './form-decoding.ts';
export {
  callbackCredentialsOf,
  callbackReply,
  type DingtalkCallbackCredentials,
  type DingtalkCallbackEvent,
  type DingtalkCallbackRequest,
  verifyAndDecryptCallback,
} from './triggers/instance-change.ts';
