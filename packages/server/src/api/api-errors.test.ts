import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIn } from '../errors/index.ts';
import { badFlow, ERROR_CASES, refFlow } from './error-cases.ts';
import { HOOK_FLOW, MANUAL_FLOW, VOUCHER_FORM } from './test-fixtures.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

/**
 * Cases whose message is built outside this change's files and does not cut in two yet: FORBIDDEN
 * (src/api/authenticate.ts appends `（角色 x）` after the English half) and DEFINITION_INVALID
 * (src/api/definition-body.ts quotes a bilingual diagnostic whole). Remove a name once its file is fixed.
 */
const NOT_YET_BILINGUAL = new Set<string>([]);

let api: TestApi;
let viewer: string;
let editor: string;
let finishedRun: string;

beforeAll(async () => {
  api = await createTestApi({ start: true });
  viewer = await api.tokenFor('viewer');
  editor = await api.tokenFor('editor');
  for (const doc of [VOUCHER_FORM, HOOK_FLOW, MANUAL_FLOW]) {
    const put = await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc });
    expect(put.status).toBe(201);
  }
  finishedRun = (await api.call('POST', '/api/v1/flows/manual/run', { body: { input: { n: 1 } } })).body
    .runId;
  await api.runtime.engine.waitForRun(finishedRun);
});
afterAll(() => api.close());

describe('api error responses', () => {
  it.each(ERROR_CASES)('answers $name with $status $code', async (c) => {
    const token = { none: null, bad: 'qiao_not-a-token', viewer, editor, undefined: undefined }[
      String(c.token)
    ];
    const path = c.path.replace('$run', finishedRun);
    const options = {
      token,
      ...(c.body === undefined ? {} : { body: c.body }),
      ...(c.headers ? { headers: c.headers } : {}),
    };
    const response = await api.call(c.method, path, options);
    expect(response.status).toBe(c.status);
    expect(response.body.code).toBe(c.code);
    expect(typeof response.body.message).toBe('string');
    expect('details' in response.body).toBe(true);
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
    // Every message is `中文 / English`: the English console shows no Chinese, the Chinese one some.
    if (NOT_YET_BILINGUAL.has(c.name)) return;
    expect(messageIn(response.body.message, 'en'), response.body.message).not.toMatch(/[\u3400-\u9fff]/);
    expect(messageIn(response.body.message, 'zh'), response.body.message).toMatch(/[\u3400-\u9fff]/);
  });

  it('lists every diagnostic of an invalid definition', async () => {
    const response = await api.call('PUT', '/api/v1/flows/bad', { body: badFlow });
    const diagnostics = response.body.details.diagnostics as Array<{ code: string; path: string }>;
    expect(diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['schema.unknown_key', 'schema.range']),
    );
  });

  it('locates yaml problems by line', async () => {
    const yaml =
      'schemaVersion: 1\nkind: flow\nid: y\nname: Y\ntrigger: { type: manual }\nsteps:\n  - { id: a, type: sett }\n';
    const response = await api.call('PUT', '/api/v1/flows/y', {
      body: yaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(response.status).toBe(400);
    expect(response.body.details.diagnostics[0].line).toBe(7);
  });

  it('names the unknown connection in a reference diagnostic', async () => {
    const response = await api.call('PUT', '/api/v1/flows/ref', { body: refFlow });
    expect(response.body.details.diagnostics.map((d: { code: string }) => d.code)).toContain(
      'ref.unknown_connection',
    );
  });

  it('lists each problem of a bad form record', async () => {
    const response = await api.call('POST', '/api/v1/forms/voucher/records', {
      body: { data: { remark: 1, extra: true } },
    });
    const paths = response.body.details.problems.map((p: { path: string }) => p.path).sort();
    expect(paths).toEqual(['date', 'extra', 'lines', 'remark']);
  });
});
