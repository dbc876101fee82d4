import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../json.ts';
import { createManualClock } from '../kit/index.ts';
import { startLocalServer } from '../kit/local-server.ts';
import { readAllPages } from '../kit/testing/read-all-pages.ts';
import { SEED_EMPLOYEES } from '../shared-seed/employees.ts';
import { type K3Harness, k3Connection, resetWithLiveSession, startK3Harness } from './test-harness.ts';

let h: K3Harness;
const keys = 'FID,FBillNo,FDOCUMENTSTATUS';

beforeAll(async () => {
  h = await startK3Harness({ sim: { instances: 20 } });
});
afterAll(() => h.close());
// Each test starts with a live session (the simulator's reset drops them).
beforeEach(() => resetWithLiveSession(h));

/** Reads every page the way a sync source does: cursor null first, until next is null. */
const readAll = (input: Record<string, JsonValue>, connection = 'k3') =>
  readAllPages(h.gateway, { connection, operation: 'executeBillQuery', input }, h.observe);

describe('k3cloud connector executeBillQuery', () => {
  it('pages with StartRow + Limit to the end and keys rows by FieldKeys', async () => {
    const pages = await readAll({ FormId: 'AP_PAYBILL', FieldKeys: keys, Limit: 7, OrderString: 'FID ASC' });
    expect(pages.map((p) => p.length)).toEqual([7, 7, 6]);
    const rows = pages.flat() as Record<string, JsonValue>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(['FID', 'FBillNo', 'FDOCUMENTSTATUS']);
    expect(new Set(rows.map((r) => r.FBillNo)).size).toBe(20);
    expect(rows[19]?.FBillNo).toBe(h.sim.state.bills.get(Number(rows[19]?.FID))?.FBillNo);
    const starts = h.exchanges.map((e) => (e.request.body as { data: { StartRow: number } }).data.StartRow);
    expect(starts).toEqual([0, 7, 14]);
  });

  it('asks once more after a full last page and stops on the empty one', async () => {
    const pages = await readAll({ FormId: 'AP_PAYBILL', FieldKeys: keys, Limit: 10 });
    expect(pages.map((p) => p.length)).toEqual([10, 10, 0]);
  });

  it('stops at TopRowCount', async () => {
    const pages = await readAll({ FormId: 'AP_PAYBILL', FieldKeys: keys, Limit: 5, TopRowCount: 10 });
    expect(pages.flat()).toHaveLength(10);
    expect(h.sim.calls.get('ExecuteBillQuery')).toBe(2);
  });

  it('filters with a FilterString in call mode', async () => {
    const rows = await h.gateway.call({
      connection: 'k3',
      operation: 'executeBillQuery',
      input: { FieldKeys: keys, FilterString: "FBillNo='FKD00000004'" },
    });
    expect(rows).toEqual([expect.objectContaining({ FBillNo: 'FKD00000004' })]);
  });

  it('re-logs in when the session is lost inside the nested query error shape', async () => {
    h.sim.expireSessions();
    const pages = await readAll({ FormId: 'AP_PAYBILL', FieldKeys: keys, Limit: 15 });
    expect(pages.flat()).toHaveLength(20);
    expect(h.sim.calls.get('ValidateUser')).toBe(1);
  });

  it('rejects an unknown field with the system message (MsgCode 9)', async () => {
    const error = await h.gateway
      .call({ connection: 'k3', operation: 'executeBillQuery', input: { FieldKeys: 'FID,FIssueType' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTOR_REJECTED', kind: 'user', system: { MsgCode: 9 } });
    expect(String((error as Error).message)).toContain('元数据中标识为FIssueType的字段不存在');
  });
});

describe('k3cloud connector lookupBaseData', () => {
  const employee = SEED_EMPLOYEES[3];
  it('finds an employee by 工号 and by name', async () => {
    const byNumber = await h.gateway.call({
      connection: 'k3',
      operation: 'lookupBaseData',
      input: { FormId: 'BD_Empinfo', Number: employee?.jobNumber ?? '' },
    });
    expect(byNumber).toMatchObject({ FNumber: employee?.jobNumber, FName: employee?.name });
    const byName = await h.gateway.call({
      connection: 'k3-signed',
      operation: 'lookupBaseData',
      input: { FormId: 'BD_Empinfo', Name: employee?.name ?? '' },
    });
    expect(byName).toEqual(byNumber);
  });

  it('finds a department and a supplier, and answers null when nothing matches', async () => {
    const call = (input: Record<string, JsonValue>) =>
      h.gateway.call({ connection: 'k3', operation: 'lookupBaseData', input });
    expect(await call({ FormId: 'BD_Department', Number: employee?.deptNumber ?? '' })).toMatchObject({
      FName: employee?.deptName,
    });
    expect(await call({ FormId: 'BD_Supplier', Number: 'VEN00002' })).toMatchObject({ FNumber: 'VEN00002' });
    expect(await call({ FormId: 'BD_Empinfo', Name: "不存在的'人" })).toBeNull();
  });
});

describe('k3cloud connector error classes', () => {
  const query = (connection = 'k3') =>
    h.gateway.call({ connection, operation: 'executeBillQuery', input: { FieldKeys: 'FID', Limit: 1 } });

  it('maps MsgCode 14 (call-count limit) to a retryable CONNECTOR_RATE_LIMITED with a wait', async () => {
    h.sim.faults.force('ExecuteBillQuery', 'rateLimit');
    const error = await query().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTOR_RATE_LIMITED', retryable: true, retryAfterMs: 1000 });
    expect(error).toMatchObject({ system: { MsgCode: 14 } });
  });

  it('maps a 5xx to a retryable CONNECTOR_UNAVAILABLE', async () => {
    h.sim.faults.force('ExecuteBillQuery', 'serverError');
    await expect(query()).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE', retryable: true });
  });

  it('maps a reset connection on a read to CONNECTOR_NETWORK, not an uncertain write', async () => {
    h.sim.faults.force('ExecuteBillQuery', 'reset');
    await expect(query()).rejects.toMatchObject({ code: 'CONNECTOR_NETWORK', retryable: true });
  });

  it('maps the public-cloud gateway HTTP 519 to a retryable CONNECTOR_UNAVAILABLE', async () => {
    const gateway519 = await startLocalServer(() => ({
      status: 519,
      json: { errcode: 519, msg: 'gateway busy' },
    }));
    try {
      h.connections.set('k3-519', k3Connection(`${gateway519.url}/K3Cloud/`, 'signed'));
      const error = await query('k3-519').catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'CONNECTOR_UNAVAILABLE',
        retryable: true,
        system: { status: 519 },
      });
      expect(gateway519.requests[0]?.headers['x-kd-appkey']).toBeTruthy();
    } finally {
      await gateway519.close();
    }
  });

  it('describes the operations with their modes for the engine', async () => {
    expect(await h.gateway.describe('k3', 'batchSave')).toMatchObject({
      mode: 'batchWrite',
      maxBatchSize: 100,
      canFindWritten: true,
    });
    expect(await h.gateway.describe('k3', 'executeBillQuery')).toMatchObject({ mode: 'list' });
    expect(await h.gateway.describe('k3', 'lookupBaseData')).toMatchObject({ mode: 'call' });
  });

  it('waits on the connection rate limit instead of flooding the system', async () => {
    const clock = createManualClock(Date.now());
    const limited = await startK3Harness({ clock });
    try {
      const connection = {
        ...k3Connection(`${limited.server.url}/K3Cloud/`, 'signed'),
        rateLimit: { perSecond: 2 },
      };
      limited.connections.set('k3-slow', connection);
      for (let i = 0; i < 4; i++)
        await limited.gateway.call({
          connection: 'k3-slow',
          operation: 'executeBillQuery',
          input: { FieldKeys: 'FID' },
        });
      expect(clock.sleeps.length).toBeGreaterThanOrEqual(3);
      expect(clock.sleeps.every((ms) => ms > 0 && ms <= 500)).toBe(true);
      expect(limited.sim.calls.get('ExecuteBillQuery')).toBe(4);
    } finally {
      await limited.close();
    }
  });
});
