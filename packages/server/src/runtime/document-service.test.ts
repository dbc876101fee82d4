import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QiaoDocument } from '../definitions/index.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { BUILTIN_CONNECTORS } from './builtin-connectors.ts';
import { createRuntime } from './create-runtime.ts';
import { createDocumentService } from './document-service.ts';

const plainCodec = {
  seal: (values: Record<string, string>) => JSON.stringify(values),
  open: (text: string) => JSON.parse(text) as Record<string, string>,
};

function flow(name: string): QiaoDocument {
  return {
    schemaVersion: 1,
    kind: 'flow',
    id: 'f',
    name,
    trigger: { type: 'manual' },
    steps: [{ id: 'a', type: 'set', values: { x: 1 } }],
  } as unknown as QiaoDocument;
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('document service', () => {
  it('rolls back to an older version as a new one and tells the change hook', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const changes: string[] = [];
    const service = createDocumentService({
      store,
      secrets: plainCodec,
      builtins: BUILTIN_CONNECTORS,
      onChange: (kind, id) => changes.push(`${kind}:${id}`),
    });
    await service.apply(flow('first'));
    await service.apply(flow('second'));
    changes.length = 0;
    const rolled = await service.rollback('flow', 'f', 1);
    expect(rolled.version).toBe(3);
    expect(rolled.definition.name).toBe('first');
    expect((await store.documents.head('flow', 'f'))?.currentVersion).toBe(3);
    expect(changes).toEqual(['flow:f']);
  });
});

describe('document service defaults', () => {
  it('stores the validated document with schema defaults applied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qiao-docs-defaults-'));
    const runtime = await createRuntime({ dataDir: dir, env: {} });
    try {
      const bare = {
        schemaVersion: 1,
        kind: 'connection',
        id: 'bare',
        connector: 'http',
      } as unknown as QiaoDocument;
      await runtime.documents.apply(bare);
      const stored = await runtime.store.documents.get('connection', 'bare');
      expect(stored?.definition).toMatchObject({ config: {}, environment: 'dev', secrets: {} });
      expect(await runtime.connections.resolve('bare')).toMatchObject({ connectorId: 'http', config: {} });
    } finally {
      await runtime.close();
    }
  });
});

describe('document sources', () => {
  it("keeps a project file's text with its version, comments included, but never a connection's", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qiao-docs-sources-'));
    const runtime = await createRuntime({ dataDir: dir, env: {} });
    try {
      const connection = {
        schemaVersion: 1,
        kind: 'connection',
        id: 'c',
        connector: 'http',
        secrets: { token: 'literal-secret' },
      } as unknown as QiaoDocument;
      const texts = new Map<QiaoDocument, string>([
        [flow('from a file'), '# 说明：手工运行\nkind: flow\n'],
        [connection, 'secrets: { token: literal-secret }\n'],
      ]);
      await runtime.documents.applyAll([...texts.keys()], { sourceOf: (document) => texts.get(document) });
      expect((await runtime.store.documents.get('flow', 'f'))?.source).toBe('# 说明：手工运行\nkind: flow\n');
      expect((await runtime.store.documents.get('connection', 'c'))?.source).toBeNull();
    } finally {
      await runtime.close();
    }
  });
});

describe('enabling, disabling and deleting a connection', () => {
  it('takes effect at once: calls through a disabled connection fail with CONNECTION_DISABLED', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qiao-docs-disable-'));
    const runtime = await createRuntime({ dataDir: dir, env: {} });
    try {
      const connection = {
        schemaVersion: 1,
        kind: 'connection',
        id: 'api',
        connector: 'http',
        config: { baseUrl: 'http://127.0.0.1:9' },
        secrets: { token: 't-1' },
      } as unknown as QiaoDocument;
      await runtime.documents.apply(connection);
      // Resolved (and cached) while enabled.
      expect(await runtime.connections.resolve('api')).toMatchObject({ connectorId: 'http' });
      await runtime.documents.setEnabled('connection', 'api', false);
      expect(await runtime.connections.resolve('api')).toMatchObject({ enabled: false });
      const call = runtime.gateway.call({ connection: 'api', operation: 'request', input: {} });
      await expect(call).rejects.toMatchObject({ code: 'CONNECTION_DISABLED' });
      await runtime.documents.setEnabled('connection', 'api', true);
      expect((await runtime.connections.resolve('api'))?.enabled).toBeUndefined();

      expect(await runtime.documents.remove('connection', 'api')).toBe(true);
      expect(await runtime.connections.resolve('api')).toBeUndefined();
      expect(await runtime.store.secrets.get('api')).toBeUndefined();
      expect(await runtime.documents.remove('connection', 'api')).toBe(false);
    } finally {
      await runtime.close();
    }
  });
});
