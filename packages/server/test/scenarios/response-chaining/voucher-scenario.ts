import type { KitGateway } from '../../../src/connectors/kit/create-gateway.ts';
import { createEngine, type Engine } from '../../../src/runs/index.ts';
import { createStore, type Store } from '../../../src/store/index.ts';
import { createVoucherGateway, VoucherApi } from './voucher-api.ts';

/** The voucher API, an in-memory store, the real gateway and a started engine over them. */
export interface VoucherScenario {
  api: VoucherApi;
  store: Store;
  gateway: KitGateway;
  engine: Engine;
  /** Stops the engine, then closes the gateway, the API and the store. */
  close(): Promise<void>;
}

/** Starts what an in-process engine scenario over the voucher API needs (engine polling every 50 ms). */
export async function startVoucherScenario(): Promise<VoucherScenario> {
  const api = await new VoucherApi().start();
  const store = createStore({ file: ':memory:' });
  await store.migrate();
  const gateway = createVoucherGateway(api.url);
  const engine = createEngine({ store, gateway, pollMs: 50 });
  engine.start();
  return {
    api,
    store,
    gateway,
    engine,
    close: async () => {
      await engine.stop();
      gateway.close();
      await api.close();
      await store.close();
    },
  };
}
