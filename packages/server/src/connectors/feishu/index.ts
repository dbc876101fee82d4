export {
  decryptFeishuMessage,
  encryptFeishuMessage,
  feishuSignature,
  sealFeishuEvent,
} from './callback-crypto.ts';
export { feishuConnector } from './connector.ts';
export { decodeFeishuForm, decodeFieldList, decodeInstance } from './form-decoding.ts';
export {
  callbackCredentialsOf,
  type FeishuCallbackCredentials,
  type FeishuCallbackEvent,
  type FeishuCallbackRequest,
  urlVerificationReply,
  verifyAndDecryptCallback,
} from './triggers/approval-event.ts';
