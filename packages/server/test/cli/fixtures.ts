import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A tiny token + voucher API on 127.0.0.1 that counts what it received. */
export interface VoucherApi {
  url: string;
  vouchers: unknown[];
  close(): Promise<void>;
}

/** Starts the local voucher API; `rejectAll` makes every voucher fail with a 400 business error. */
export async function startVoucherApi(options: { rejectAll?: boolean } = {}): Promise<VoucherApi> {
  const vouchers: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/token')) {
        res.end(JSON.stringify({ access_token: 'tok-123', expires_in: 7200 }));
        return;
      }
      if (req.url?.startsWith('/voucher')) {
        if (options.rejectAll || !req.url.includes('access_token=tok-123')) {
          res.statusCode = 400;
          res.end(JSON.stringify({ code: 46001, msg: '借贷不平衡' }));
          return;
        }
        vouchers.push(JSON.parse(body));
        res.end(JSON.stringify({ code: 0, vchId: String(vouchers.length) }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    vouchers,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Writes a project folder: a user-defined connector for the local API, its connection, and a two-step flow. */
export async function writeVoucherProject(baseUrl: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qiao-cli-'));
  await writeFile(
    join(dir, 'connector.yaml'),
    `schemaVersion: 1
kind: connector
id: local-ledger
name: Local ledger
auth: { type: none }
operations:
  getToken:
    method: POST
    path: /token
  saveVoucher:
    method: POST
    path: /voucher
    query:
      access_token: "{{ input.access_token }}"
    body: "{{ input.voucher }}"
`,
  );
  await writeFile(
    join(dir, 'connection.yaml'),
    `schemaVersion: 1
kind: connection
id: ledger
connector: local-ledger
config:
  baseUrl: ${baseUrl}
`,
  );
  await writeFile(
    join(dir, 'flow.yaml'),
    `schemaVersion: 1
kind: flow
id: voucher-flow
name: 凭证
trigger: { type: manual }
retry: { maxAttempts: 1 }
steps:
  - id: getToken
    type: call
    connection: ledger
    operation: getToken
  - id: save
    type: call
    connection: ledger
    operation: saveVoucher
    input:
      access_token: "{{ steps.getToken.output.access_token }}"
      voucher:
        date: "{{ trigger.input.date }}"
        entries:
          $each: trigger.input.lines
          $map:
            acctNo: "{{ acct }}"
            amount: "{{ $decimal(amount) }}"
`,
  );
  return dir;
}

/**
 * A sync project in a new temp folder: the scenarios' local connector and two connections of it, `src`
 * and `erp`, at the given addresses. The caller writes its `sync.yaml` there.
 */
export async function writeLocalSyncProject(
  prefix: string,
  urls: { src: string; erp: string },
): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), prefix));
  const here = dirname(fileURLToPath(import.meta.url));
  await copyFile(
    resolve(here, '../scenarios/sync-kit/local-connector.yaml'),
    join(project, 'connector.yaml'),
  );
  const connection = (id: string, baseUrl: string) =>
    `schemaVersion: 1\nkind: connection\nid: ${id}\nconnector: localApprovals\nconfig:\n  baseUrl: ${baseUrl}\n`;
  await writeFile(join(project, 'src.yaml'), connection('src', urls.src));
  await writeFile(join(project, 'erp.yaml'), connection('erp', urls.erp));
  return project;
}

/**
 * Writes the project's `sync.yaml`: a sync of `src`'s `list` (watermark on updatedAt) into `erp`'s
 * `saveBills` in batches of 10, keyed and mapped by `id` (plus FREMARK from `name` unless `remark` is
 * false).
 */
export async function writeLocalSync(
  project: string,
  sync: { id: string; name: string; remark?: boolean },
): Promise<void> {
  await writeFile(
    join(project, 'sync.yaml'),
    `schemaVersion: 1
kind: sync
id: ${sync.id}
name: ${sync.name}
source:
  connection: src
  operation: list
  input: { size: 10 }
  key: id
  watermark: { field: updatedAt, fromParam: from, toParam: to, initial: 0 }
mapping:
  externalKey: "{{ id }}"
${sync.remark === false ? '' : '  FREMARK: "{{ name }}"\n'}target: { connection: erp, operation: saveBills, batchSize: 10 }
`,
  );
}
