import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A source record of the local HTTP source. */
export interface SourceRecord {
  id: string;
  name: string;
  amount: number | string;
  updatedAt: number;
}

/** A record the local target holds, with how many times its key was sent and committed. */
export interface TargetRecord {
  key: string;
  number: string;
  body: Record<string, unknown>;
}

/** Knobs and inspection of the local HTTP target. */
export interface TargetState {
  records: Map<string, TargetRecord>;
  /** Commits per key (a key committed twice is a double write). */
  commits: Map<string, number>;
  /** Times each key arrived in a batch request. */
  received: Map<string, number>;
  writeBacks: Map<string, number>;
  /** Items whose body makes this return a message are rejected (user error). */
  reject?: (body: Record<string, unknown>) => string | null;
  /** The next N batch requests commit and then drop the connection (lost response). */
  dropAfterCommit: number;
  /** Called once per committed batch (after the commit). */
  onBatch?: () => void;
}

/** A started local server. */
export interface LocalServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function listen(server: Server): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a paginated source: `GET /records?from&to&cursor&size` → `{items, next}`, ordered by time then id. */
export async function startSource(
  records: SourceRecord[],
  pageSize = 10,
): Promise<LocalServer & { hits: { pages: number } }> {
  const hits = { pages: 0 };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/records') return send(res, 404, { error: 'not found' });
    hits.pages++;
    const from = Number(url.searchParams.get('from') ?? 0);
    const to = Number(url.searchParams.get('to') ?? Number.MAX_SAFE_INTEGER);
    const size = Number(url.searchParams.get('size') ?? pageSize);
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const inWindow = records
      .filter((r) => r.updatedAt >= from && r.updatedAt <= to)
      .sort((a, b) => a.updatedAt - b.updatedAt || a.id.localeCompare(b.id));
    const items = inWindow.slice(offset, offset + size);
    const next = offset + size < inWindow.length ? String(offset + size) : null;
    send(res, 200, { items, next });
  });
  return Object.assign(await listen(server), { hits });
}

/** Creates an empty target state. */
export function createTargetState(): TargetState {
  return {
    records: new Map(),
    commits: new Map(),
    received: new Map(),
    writeBacks: new Map(),
    dropAfterCommit: 0,
  };
}

function commitBatch(state: TargetState, records: Array<Record<string, unknown>>) {
  return records.map((body, index) => {
    const key = String(body.externalKey);
    state.received.set(key, (state.received.get(key) ?? 0) + 1);
    const reason = state.reject?.(body) ?? null;
    if (reason) return { index, ok: false, code: 'REJECTED', message: reason };
    if (state.records.has(key))
      return { index, ok: false, code: 'DUPLICATE', message: `单据编号 ${key} 已存在` };
    const number = `PAY-${key}`;
    state.records.set(key, { key, number, body });
    state.commits.set(key, (state.commits.get(key) ?? 0) + 1);
    return { index, ok: true, id: `id-${key}`, number };
  });
}

/** Starts the target: `POST /batch`, `GET /find?key=`, `POST /writeback`; see TargetState for knobs. */
export async function startTarget(state: TargetState): Promise<LocalServer> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/batch') {
      const body = await readJson(req);
      const results = commitBatch(state, (body.records as Array<Record<string, unknown>>) ?? []);
      state.onBatch?.();
      if (state.dropAfterCommit > 0) {
        state.dropAfterCommit--;
        req.socket.destroy();
        return;
      }
      return send(res, 200, { results });
    }
    if (req.method === 'GET' && url.pathname === '/find') {
      const found = state.records.get(url.searchParams.get('key') ?? '');
      return send(
        res,
        200,
        found ? { found: true, id: `id-${found.key}`, number: found.number } : { found: false },
      );
    }
    if (req.method === 'POST' && url.pathname === '/writeback') {
      const body = await readJson(req);
      const key = String(body.key);
      state.writeBacks.set(key, (state.writeBacks.get(key) ?? 0) + 1);
      return send(res, 200, { ok: true });
    }
    send(res, 404, { error: 'not found' });
  });
  return listen(server);
}

/** Makes `count` source records with increasing update times from `start`. */
export function makeRecords(count: number, start = 1_700_000_000_000, prefix = 'R'): SourceRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${String(i + 1).padStart(6, '0')}`,
    name: `报销单 ${i + 1}`,
    amount: `${(i + 1) * 10}.50`,
    updatedAt: start + i * 1000,
  }));
}
