import { isJsonObject, type JsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/connector-declaration.ts';
import { withQueryParam } from '../../kit/request-builder.ts';
import { decodeV1Instance, type V1TimeZone } from '../form-decoding.ts';
import { v1Request } from '../requests.ts';
import { instanceIdOf } from './get-instance.ts';
import { DECODED_INSTANCE_SCHEMA } from './instance-schema.ts';

// v1.0 (`api.dingtalk.com`) equivalent (reference §3.2/§4.2/§6.1): HTTP 4xx/5xx errors with `{code, message}`,
// token in the `x-acs-dingtalk-access-token` header (auth injection).

/** Path of the v1.0 instance detail API. */
export const V1_GET_PATH = '/v1.0/workflow/processInstances';

/** How v1.0 times are read: `config.v1TimeZone` = `utc`, else Beijing wall clock. */
export function zoneOf(config: JsonObject): V1TimeZone {
  return config.v1TimeZone === 'utc' ? 'utc' : 'beijing';
}

/** `getInstanceV1`: v1.0 instance detail, decoded like `getInstance` (raw under `instance`; times per `config.v1TimeZone`). */
export const getInstanceV1 = defineOperation({
  name: '获取单个审批实例详情（新版） / Get an approval instance (v1.0)',
  description: 'GET /v1.0/workflow/processInstances?processInstanceId=',
  method: 'GET',
  path: V1_GET_PATH,
  buildRequest: (context) => {
    const request = v1Request(context, 'GET', V1_GET_PATH);
    return { ...request, url: withQueryParam(request.url, 'processInstanceId', instanceIdOf(context.input)) };
  },
  parseOutput: (response, context) => {
    const body = isJsonObject(response.body) ? response.body : {};
    return decodeV1Instance(instanceIdOf(context.input), body.result, zoneOf(context.config));
  },
  inputSchema: {
    type: 'object',
    required: ['processInstanceId'],
    properties: { processInstanceId: { type: 'string', title: '审批实例ID' } },
  },
  outputSchema: { ...DECODED_INSTANCE_SCHEMA, required: ['processInstanceId', 'instance', 'form'] },
});
