import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../json.ts';
import {
  type ConnectorDeclaration,
  createConnectorRegistry,
  type OperationDeclaration,
} from './connector-declaration.ts';
import { createConnectorGateway } from './create-gateway.ts';
import type { ConnectorGateway } from './gateway.ts';
import { type LocalServer, type SeenRequest, startLocalServer } from './local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ALL = Array.from({ length: 23 }, (_, i) => ({ id: i + 1 }));

function gatewayWith(operations: Record<string, OperationDeclaration>) {
  const connector: ConnectorDeclaration = {
    id: 'p',
    version: '1',
    name: { zh: 'p', en: 'p' },
    auth: { type: 'none' },
    operations,
  };
  return createConnectorGateway({
    connectors: createConnectorRegistry([connector]),
    connections: {
      resolve: async () => ({ connectorId: 'p', config: { baseUrl: server?.url ?? '' }, secrets: {} }),
    },
  });
}

async function drain(
  gateway: ConnectorGateway,
  operation: string,
): Promise<{ items: JsonValue[]; pages: number }> {
  const items: JsonValue[] = [];
  let cursor: JsonValue = null;
  let pages = 0;
  do {
    const page = await gateway.listPage({ connection: 'c', operation, input: {}, cursor });
    items.push(...page.items);
    cursor = page.next;
    pages += 1;
  } while (cursor !== null && pages < 50);
  return { items, pages };
}

function slice(start: number, size: number) {
  return ALL.slice(start, start + size);
}

describe('pagination', () => {
  it('follows a cursor in the body to the last page', async () => {
    server = await startLocalServer((req: SeenRequest) => {
      const cursor = Number(JSON.parse(req.body).cursor ?? 0);
      const next = cursor + 10 < ALL.length ? cursor + 10 : undefined;
      return { json: { result: { list: slice(cursor, 10), next_cursor: next } } };
    });
    const gateway = gatewayWith({
      list: {
        method: 'POST',
        path: '/listids',
        body: { size: 10 },
        pagination: {
          style: 'cursor',
          cursorParam: 'body.cursor',
          nextCursor: 'result.next_cursor',
          items: 'result.list',
          initialCursor: 0,
        },
      },
    });
    expect(await drain(gateway, 'list')).toEqual({ items: ALL, pages: 3 });
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ size: 10, cursor: 0 });
    gateway.close();
  });

  it('counts pages in the query until totalPages', async () => {
    server = await startLocalServer((req) => {
      const page = Number(req.query.get('page'));
      const size = Number(req.query.get('pageSize'));
      return { json: { items: slice((page - 1) * size, size), totalPages: Math.ceil(ALL.length / size) } };
    });
    const gateway = gatewayWith({
      list: {
        method: 'GET',
        path: '/vouchers',
        pagination: {
          style: 'page',
          pageParam: 'page',
          sizeParam: 'pageSize',
          size: 5,
          items: 'items',
          totalPages: 'totalPages',
        },
      },
    });
    expect(await drain(gateway, 'list')).toEqual({ items: ALL, pages: 5 });
    gateway.close();
  });

  it('stops an offset paging on a short page (StartRow + Limit in a nested body)', async () => {
    server = await startLocalServer((req) => {
      const { StartRow, Limit } = JSON.parse(req.body).data;
      return { json: slice(StartRow, Limit).map((r) => [r.id]) };
    });
    const gateway = gatewayWith({
      query: {
        method: 'POST',
        path: '/ExecuteBillQuery',
        body: { data: { FormId: 'AP_PAYBILL' } },
        pagination: {
          style: 'offset',
          offsetParam: 'body.data.StartRow',
          limitParam: 'body.data.Limit',
          limit: 10,
          items: '$',
        },
      },
    });
    const { items, pages } = await drain(gateway, 'query');
    expect(items).toEqual(ALL.map((r) => [r.id]));
    expect(pages).toBe(3);
    gateway.close();
  });

  it('follows next links to the last page', async () => {
    server = await startLocalServer((req) => {
      const from = Number(req.query.get('from') ?? 0);
      const next = from + 8 < ALL.length ? `/items?from=${from + 8}` : null;
      return { json: { data: slice(from, 8), links: { next } } };
    });
    const gateway = gatewayWith({
      list: {
        method: 'GET',
        path: '/items',
        pagination: { style: 'nextLink', nextLink: 'links.next', items: 'data' },
      },
    });
    expect(await drain(gateway, 'list')).toEqual({ items: ALL, pages: 3 });
    gateway.close();
  });

  it('supports a custom pagination hook', async () => {
    server = await startLocalServer((req) => {
      const token = req.headers['x-page-token'];
      const start = token ? Number(token) : 0;
      const headers: Record<string, string> = start + 12 < ALL.length ? { 'x-next': String(start + 12) } : {};
      return { json: { rows: slice(start, 12) }, headers };
    });
    const gateway = gatewayWith({
      list: {
        method: 'GET',
        path: '/rows',
        pagination: {
          style: 'custom',
          apply: (request, cursor) =>
            cursor === null
              ? request
              : { ...request, headers: { ...request.headers, 'x-page-token': String(cursor) } },
          read: (response) => ({
            items: (response.body as { rows: JsonValue[] }).rows,
            next: response.headers['x-next'] ?? null,
          }),
        },
      },
    });
    expect(await drain(gateway, 'list')).toEqual({ items: ALL, pages: 2 });
    gateway.close();
  });
});

describe('batch writes', () => {
  it('splits by maxSize and maps per-record results, partial success included', async () => {
    server = await startLocalServer((req) => {
      const model: { FBillNo: string }[] = JSON.parse(req.body).data.Model;
      const results = model.map((m, i) =>
        m.FBillNo.startsWith('dup')
          ? { index: i, ok: false, error: `编号${m.FBillNo}已经被使用`, duplicate: true }
          : { index: i, ok: true, id: `id-${m.FBillNo}`, number: m.FBillNo },
      );
      return { json: { results } };
    });
    const gateway = gatewayWith({
      save: {
        method: 'POST',
        path: '/BatchSave',
        body: { formid: 'AP_PAYBILL' },
        batch: { recordsParam: 'body.data.Model', maxSize: 2, results: 'results' },
      },
    });
    const records = [{ FBillNo: 'a1' }, { FBillNo: 'dup2' }, { FBillNo: 'a3' }];
    const results = await gateway.writeBatch({ connection: 'c', operation: 'save', input: {}, records });
    expect(server.requests).toHaveLength(2);
    expect(results.map((r) => [r.index, r.ok, r.targetId ?? r.error?.code])).toEqual([
      [0, true, 'id-a1'],
      [1, false, 'CONNECTOR_DUPLICATE'],
      [2, true, 'id-a3'],
    ]);
    expect(results[1]?.error?.message).toBe(
      '目标系统拒绝了该记录：编号dup2已经被使用 / the target system rejected the record: 编号dup2已经被使用',
    );
    gateway.close();
  });

  it('marks records the system did not answer for as uncertain', async () => {
    server = await startLocalServer(() => ({ json: { list: [{ code: 0, id: 'x' }] } }));
    const gateway = gatewayWith({
      save: {
        method: 'POST',
        path: '/voucher',
        batch: { recordsParam: 'body', results: 'list.{"ok": code = 0, "id": id}' },
      },
    });
    const results = await gateway.writeBatch({
      connection: 'c',
      operation: 'save',
      input: {},
      records: [{}, {}],
    });
    expect(JSON.parse(server.requests[0]?.body ?? 'null')).toEqual([{}, {}]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]?.error?.code).toBe('CONNECTOR_UNCERTAIN_WRITE');
    gateway.close();
  });

  it('writes record by record when the operation has no batch declaration', async () => {
    server = await startLocalServer((req) => {
      const body = JSON.parse(req.body);
      return body.n === 2 ? { status: 400, json: { message: 'bad n' } } : { json: { id: `r${body.n}` } };
    });
    const gateway = gatewayWith({ add: { method: 'POST', path: '/add', body: '{{ input.record }}' } });
    const results = await gateway.writeBatch({
      connection: 'c',
      operation: 'add',
      input: {},
      records: [{ n: 1 }, { n: 2 }, { n: 3 }],
    });
    expect(results.map((r) => [r.index, r.ok, r.targetId ?? r.error?.code])).toEqual([
      [0, true, 'r1'],
      [1, false, 'CONNECTOR_REJECTED'],
      [2, true, 'r3'],
    ]);
    gateway.close();
  });
});
