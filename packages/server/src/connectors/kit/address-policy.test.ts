import { afterEach, describe, expect, it } from 'vitest';
import { createAddressGuard } from './address-policy.ts';
import { createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway } from './create-gateway.ts';
import type { Exchange } from './gateway.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const resolve = async (host: string) => (host === 'intranet.example.com' ? ['10.1.2.3'] : ['93.184.216.34']);

describe('address policy', () => {
  it('allows everything by default', async () => {
    await expect(createAddressGuard({}, resolve)('http://10.0.0.1/x')).resolves.toBeUndefined();
  });

  it('denies CIDRs, host names and names resolving into a denied network', async () => {
    const guard = createAddressGuard({ deny: ['10.0.0.0/8', '*.internal.corp', '::1'] }, resolve);
    await expect(guard('http://10.9.9.9/')).rejects.toMatchObject({ code: 'CONNECTOR_ADDRESS_DENIED' });
    await expect(guard('http://erp.internal.corp/')).rejects.toMatchObject({
      code: 'CONNECTOR_ADDRESS_DENIED',
    });
    await expect(guard('http://intranet.example.com/')).rejects.toMatchObject({
      code: 'CONNECTOR_ADDRESS_DENIED',
    });
    await expect(guard('http://[::1]:8080/')).rejects.toMatchObject({ code: 'CONNECTOR_ADDRESS_DENIED' });
    await expect(guard('https://api.example.com/')).resolves.toBeUndefined();
  });

  it('allows only listed addresses when an allow list is set', async () => {
    const guard = createAddressGuard({ allow: ['api.example.com', '192.168.0.0/16'] }, resolve);
    await expect(guard('https://api.example.com/v1')).resolves.toBeUndefined();
    await expect(guard('http://192.168.1.5/')).resolves.toBeUndefined();
    await expect(guard('https://other.example.com/')).rejects.toMatchObject({
      code: 'CONNECTOR_ADDRESS_DENIED',
    });
  });

  it('stops a user-defined connector before anything is sent, and reports it', async () => {
    server = await startLocalServer(() => ({ json: {} }));
    const gateway = createConnectorGateway({
      addressPolicy: { deny: ['127.0.0.0/8'] },
      connectors: createConnectorRegistry([
        {
          id: 'u',
          version: '1',
          name: { zh: 'u', en: 'u' },
          origin: 'user',
          auth: { type: 'none' },
          operations: { get: { path: '/' } },
        },
        {
          id: 'b',
          version: '1',
          name: { zh: 'b', en: 'b' },
          auth: { type: 'none' },
          operations: { get: { path: '/' } },
        },
      ]),
      connections: {
        resolve: async (id) => ({ connectorId: id, config: { baseUrl: server?.url ?? '' }, secrets: {} }),
      },
    });
    const exchanges: Exchange[] = [];
    await expect(
      gateway.call({ connection: 'u', operation: 'get', input: {} }, (e) => exchanges.push(e)),
    ).rejects.toMatchObject({
      code: 'CONNECTOR_ADDRESS_DENIED',
    });
    expect(exchanges[0]?.error?.code).toBe('CONNECTOR_ADDRESS_DENIED');
    expect(server.requests).toHaveLength(0);
    await gateway.call({ connection: 'b', operation: 'get', input: {} });
    expect(server.requests).toHaveLength(1);
    gateway.close();
  });
});
