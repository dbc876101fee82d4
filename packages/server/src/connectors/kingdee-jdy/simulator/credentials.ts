/** Developer-app and customer-authorization credentials of the simulated tenant. */
export interface JdyCredentials {
  /** Developer app (open.jdy.com) id: `X-Api-ClientID`. */
  clientId: string;
  /** Developer app secret: key of `X-Api-Signature`. */
  clientSecret: string;
  /** The customer's authorization instance of the app. */
  outerInstanceId: string;
  /** Per-customer key returned by push_app_authorize. */
  appKey: string;
  /** Per-customer secret (the initial one; `rotateAppSecret()` replaces it). */
  appSecret: string;
  /** Customer data-centre host, expected in `X-GW-Router-Addr`. */
  domain: string;
  /** 账套 id: `accountId` = family-A `dbId`. */
  accountId: string;
  /** 服务 id: `serviceId` = family-A `sId`. */
  serviceId: string;
  accountName: string;
  groupName: string;
  companyName: string;
}

/** The documented demo credentials (printed by `describeJdySimulator`). */
export const DEFAULT_JDY_CREDENTIALS: JdyCredentials = {
  clientId: '231188',
  clientSecret: 'e4c1a7d9b2f35e6087c9d1a2b3f4e5d6',
  outerInstanceId: '208745213564120064',
  appKey: 'QiaoDemo9K',
  appSecret: 'b7e2f9c4d1a8e5f3c6b9d2a7e4f1c8b5',
  domain: 'https://tf.jdy.com',
  accountId: '2083745',
  serviceId: '1518425',
  accountName: '桥演示有限公司2026账套',
  groupName: '桥演示集团',
  companyName: '桥演示有限公司',
};
