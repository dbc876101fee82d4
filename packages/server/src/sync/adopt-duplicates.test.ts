import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dingtalkConnector } from '../connectors/dingtalk/connector.ts';
import {
  createDingtalkSimulator,
  type DingtalkSimulator,
} from '../connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import { DINGTALK_SIM_DEFAULTS } from '../connectors/dingtalk/simulator/defaults.ts';
import { k3cloudConnector } from '../connectors/kingdee-k3cloud/connector.ts';
import {
  createK3CloudSimulator,
  type K3CloudSimulator,
} from '../connectors/kingdee-k3cloud/simulator/create-k3cloud-simulator.ts';
import { k3Connection } from '../connectors/kingdee-k3cloud/test-harness.ts';
import { createConnectorRegistry } from '../connectors/kit/connector-declaration.ts';
import { createConnectorGateway, type KitGateway } from '../connectors/kit/create-gateway.ts';
import { mapConnections } from '../connectors/kit/testing/gateway-harness.ts';
import type { RunningSimulator } from '../connectors/simulator-kit/index.ts';
import { type SyncDefinition, syncSchema } from '../definitions/flow-schema.ts';
import type { JsonObject } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { LedgerEntry, Store } from '../store/port.ts';
import type { SyncStep } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { runSync } from './run-sync.ts';

// A second installation (or a lost data directory) running the seed-001 example against a K3Cloud that
// already holds its bills: with the default `onDuplicate: fail` every record fails CONNECTOR_DUPLICATE;
// with `adopt` the bills are looked up and adopted (no second bill), and the DingTalk comment is written
// back only where the instance does not have it yet (no second comment).

const EXAMPLE = new URL('../../../../examples/dingtalk-expense-to-k3cloud/sync.yaml', import.meta.url);
const example = syncSchema.parse(parse(readFileSync(EXAMPLE, 'utf8')));

function withOnDuplicate(onDuplicate: 'fail' | 'adopt' | undefined): SyncDefinition {
  const target = { ...example.target };
  if (onDuplicate === undefined) delete target.onDuplicate;
  else target.onDuplicate = onDuplicate;
  return { ...example, target };
}

interface Systems {
  dingtalk: DingtalkSimulator;
  k3cloud: K3CloudSimulator;
  gateway: KitGateway;
  close(): Promise<void>;
}

/** Both simulators and a real gateway whose connections `dingtalk` and `k3cloud` (the example's) point at them. */
async function startSystems(): Promise<Systems> {
  const dingtalk = createDingtalkSimulator({ seed: 7, instances: 30, qpsLimit: 0 });
  const k3cloud = createK3CloudSimulator({ seed: 7, callsPerSecond: 0 });
  const servers: RunningSimulator[] = await Promise.all([dingtalk.start(), k3cloud.start()]);
  const [ding, k3] = servers as [RunningSimulator, RunningSimulator];
  const rateLimit = { perSecond: 5000, burst: 500 };
  const connections = new Map([
    [
      'dingtalk',
      {
        connectorId: dingtalkConnector.id,
        config: {
          baseUrl: ding.url,
          processCode: DINGTALK_SIM_DEFAULTS.processCode,
          commentUserId: '02710013370002',
        },
        secrets: { appKey: DINGTALK_SIM_DEFAULTS.appKey, appSecret: DINGTALK_SIM_DEFAULTS.appSecret },
        rateLimit,
      },
    ],
    ['k3cloud', { ...k3Connection(`${k3.url}/K3Cloud/`, 'session'), rateLimit }],
  ]);
  const gateway = createConnectorGateway({
    connectors: createConnectorRegistry([dingtalkConnector, k3cloudConnector]),
    connections: mapConnections(connections),
  });
  return {
    dingtalk,
    k3cloud,
    gateway,
    async close() {
      gateway.close();
      dingtalk.generator.stop();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

/** One installation: its own ledger (a fresh in-memory store), runs of `definition` against the systems. */
async function installation(systems: Systems, definition: SyncDefinition) {
  const store: Store = createStore({ file: ':memory:' });
  await store.migrate();
  const steps: SyncStep[] = [];
  let runs = 0;
  return {
    store,
    steps,
    run: () =>
      runSync({
        definition,
        runId: `run-${++runs}`,
        store,
        gateway: systems.gateway,
        evaluator: createSyncEvaluator(),
        clock: () => Date.now(),
        recordStep: async (step) => {
          steps.push(step);
        },
        sleep: async () => undefined,
      }),
    entries: () => store.ledger.list(definition.id, { limit: 1000 }),
  };
}

/** Comments (ADD_REMARK records) each instance holds, read from the simulator. */
function commentsOf(dingtalk: DingtalkSimulator, id: string): string[] {
  const records = dingtalk.state.store.get(id)?.records ?? [];
  return records.filter((r) => r.type === 'ADD_REMARK').map((r) => r.remark ?? '');
}

/** Takes an instance's comments away (as if the first installation never wrote it back). */
function dropComments(dingtalk: DingtalkSimulator, id: string): void {
  const instance = dingtalk.state.store.materialize(id);
  if (instance) instance.records = instance.records.filter((r) => r.type !== 'ADD_REMARK');
}

describe('a fresh ledger against a target that already holds the records (target.onDuplicate)', () => {
  let systems: Systems | undefined;
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await systems?.close();
    systems = undefined;
  });

  /** The first installation: the example synced once (bills written, comments posted). */
  async function firstInstallation(s: Systems) {
    const first = await installation(s, withOnDuplicate(undefined));
    stores.push(first.store);
    const result = await first.run();
    const written = (await first.entries()).filter((e) => e.status === 'written');
    expect(written.length).toBeGreaterThan(5);
    expect(result.ledger.failed).toBe(0);
    for (const e of written) expect(commentsOf(s.dingtalk, e.sourceKey)).toHaveLength(1);
    return written;
  }

  it('fails every record CONNECTOR_DUPLICATE by default (fail), writing and commenting nothing', async () => {
    systems = await startSystems();
    const written = await firstInstallation(systems);
    const bills = systems.k3cloud.state.bills.createdCount();
    const comments = systems.dingtalk.state.comments.length;

    for (const onDuplicate of [undefined, 'fail'] as const) {
      const second = await installation(systems, withOnDuplicate(onDuplicate));
      stores.push(second.store);
      const result = await second.run();
      expect(result.ledger).toMatchObject({ written: 0, failed: written.length });
      for (const e of (await second.entries()).filter((x) => x.status === 'failed')) {
        expect(e.lastError).toMatchObject({ code: 'CONNECTOR_DUPLICATE' });
        expect(e.writeBack).toBe('none');
      }
    }
    expect(systems.k3cloud.state.bills.createdCount()).toBe(bills);
    expect(systems.dingtalk.state.comments.length).toBe(comments);
  });

  it('adopts the bills with adopt, and writes back only where the comment is not there yet', async () => {
    systems = await startSystems();
    const written = await firstInstallation(systems);
    const byKey = new Map(written.map((e) => [e.sourceKey, e]));
    const bills = systems.k3cloud.state.bills.createdCount();
    // Three instances lost their comment (the first installation never wrote them back).
    const uncommented = written.slice(0, 3).map((e) => e.sourceKey);
    for (const key of uncommented) dropComments(systems.dingtalk, key);
    const commentsBefore = systems.dingtalk.state.comments.length;

    const second = await installation(systems, withOnDuplicate('adopt'));
    stores.push(second.store);
    const result = await second.run();

    expect(result.ledger).toMatchObject({ written: written.length, failed: 0, writing: 0, pending: 0 });
    expect(result.stats).toMatchObject({
      written: written.length,
      adopted: written.length,
      failed: 0,
      writtenBack: written.length,
    });
    expect(systems.k3cloud.state.bills.createdCount()).toBe(bills);
    const entries = (await second.entries()).filter((e) => e.status === 'written');
    expect(entries).toHaveLength(written.length);
    for (const e of entries) {
      const original = byKey.get(e.sourceKey) as LedgerEntry;
      // The same bill as the first installation's: its number and K3Cloud id (FID), marked adopted.
      expect(e).toMatchObject({
        targetNumber: original.targetNumber,
        targetId: original.targetId,
        writeBack: 'done',
        writeBackError: null,
        lastError: { code: 'CONNECTOR_DUPLICATE', details: { adopted: true } },
      });
      expect(e.lastError?.message).toMatch(/^目标系统中已有该记录.* \/ the target already held this record/);
      // Exactly one comment per instance: the three missing ones were added, none was doubled.
      expect(commentsOf(systems.dingtalk, e.sourceKey)).toHaveLength(1);
    }
    const added = systems.dingtalk.state.comments.slice(commentsBefore).map((c) => c.processInstanceId);
    expect(added.sort()).toEqual([...uncommented].sort());
    const batches = second.steps.filter((s) => s.path.startsWith('batch:'));
    const adopted = batches.reduce((n, s) => n + Number((s.output as JsonObject).adopted ?? 0), 0);
    expect(adopted).toBe(written.length);
    const backs = second.steps.filter((s) => s.path.startsWith('writeBack:'));
    const alreadyDone = backs.reduce((n, s) => n + Number((s.output as JsonObject).alreadyDone ?? 0), 0);
    expect(alreadyDone).toBe(written.length - uncommented.length);

    // A later run of the second installation has nothing left to do.
    const again = await second.run();
    expect(again.stats).toMatchObject({ written: 0, failed: 0, writtenBack: 0 });
    expect(again.stats.adopted).toBeUndefined();
    expect(systems.dingtalk.state.comments.length).toBe(commentsBefore + uncommented.length);
  });
});
