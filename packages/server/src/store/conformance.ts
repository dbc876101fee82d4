import { afterEach, beforeEach, describe } from 'vitest';
import { connectorCredentialCases } from './conformance/connector-credentials.ts';
import { documentCases } from './conformance/documents.ts';
import { ledgerCases } from './conformance/ledger.ts';
import { ledgerNewestCases } from './conformance/ledger-newest.ts';
import { ledgerReadCases } from './conformance/ledger-reads.ts';
import { recordCases } from './conformance/records.ts';
import { runCases } from './conformance/runs.ts';
import type { Store } from './port.ts';

/**
 * The store conformance suite: every backend must pass it. `makeStore` returns a fresh, migrated,
 * empty store for each test; the suite closes it afterwards.
 */
export function describeStoreConformance(name: string, makeStore: () => Promise<Store>): void {
  describe(`store conformance: ${name}`, () => {
    let current: Store | undefined;
    const store = (): Store => {
      if (current === undefined) throw new Error('store not ready');
      return current;
    };
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    describe('documents and secrets', () => documentCases(store));
    describe('runs and steps', () => runCases(store));
    describe('ledger, sync state and schedules', () => ledgerCases(store));
    describe('ledger reads', () => ledgerReadCases(store));
    describe('ledger newest first', () => ledgerNewestCases(store));
    describe('forms, users and retention', () => recordCases(store));
    describe('connector credentials', () => connectorCredentialCases(store));
  });
}
