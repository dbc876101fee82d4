// E2E part 4c (seed 001, after its runs wrote every bill): "补数 / Backfill" re-reads the last 100 days in one run;
// the run succeeds and nothing is written twice (ledger, K3Cloud bills and watermark unchanged). A sync without
// a watermark has the button disabled with the reason in its tooltip, and the API refuses it (400).
import type { Page } from 'playwright-core';
import { type Checks, expectThat, shot, toast } from './browser-kit.ts';
import type { E2eStack } from './e2e-server.ts';
import { waitRunDone } from './scenario-sync.ts';

const SYNC = 'dingtalkExpenseToK3Paybill';

interface Summary {
  total: number;
  counts: Record<string, number>;
  watermark: unknown;
}

async function openSync(page: Page, id: string): Promise<void> {
  await page.getByTestId('nav-syncs').click();
  await page.getByTestId(`open-${id}`).click();
  await page.getByTestId('page-sync').waitFor();
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const res = await fetch(`/api/v1${p}`, {
      headers: { authorization: `Bearer ${localStorage.getItem('qiao.token')}` },
    });
    return (await res.json()) as T;
  }, path);
}

/** Types a range into the open backfill modal's RangePicker (dates as the picker shows them, YYYY-MM-DD). */
async function typeRange(page: Page, from: string, to: string): Promise<void> {
  const inputs = page.locator('[data-testid="sync-backfill-modal"] .ant-picker-range input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
  const shown = [await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue()];
  expectThat(shown[0] === from && shown[1] === to, `the picker shows ${shown.join(' ~ ')}`);
}

/** Backfills the seed-001 sync over the last 100 days; then a sync without a watermark is refused. */
export async function syncBackfill(page: Page, stack: E2eStack, checks: Checks): Promise<void> {
  await checks.run(
    'backfilling the last 100 days runs and succeeds without writing anything twice',
    async () => {
      await openSync(page, SYNC);
      const before = await getJson<Summary>(page, `/syncs/${SYNC}/ledger/summary`);
      const bills = stack.systems.k3cloud.sim.state.bills.createdCount();
      expectThat((before.counts.written ?? 0) > 0, 'nothing written before the backfill');
      await page.getByTestId('sync-backfill').click();
      await page.getByTestId('sync-backfill-modal').waitFor();
      // Browser-local calendar days (no named helpers inside evaluate: the tsx loader would wrap them in __name).
      const [from, to] = await page.evaluate(() =>
        [new Date(Date.now() - 100 * 86_400_000), new Date()].map((d) =>
          [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-'),
        ),
      );
      expectThat(Boolean(from && to), 'no dates');
      await typeRange(page, from ?? '', to ?? '');
      await shot(page, '31-sync-backfill');
      await page.getByTestId('sync-backfill-ok').click();
      await toast(page, /补数已开始/);
      const status = await waitRunDone(page);
      // The run page says what started it: 补数 and its range.
      await page.locator('[data-testid="run-trigger"][data-type="backfill"]').waitFor();
      await page.getByTestId('run-trigger-range').waitFor();
      const runId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
      await shot(page, '32-sync-backfill-run');
      expectThat(status === 'succeeded', `the backfill run ${runId} ended ${status}`);
      const run = await getJson<{ trigger?: { type?: string; from?: number; to?: number } }>(
        page,
        `/runs/${encodeURIComponent(runId)}`,
      );
      expectThat(run.trigger?.type === 'backfill', `the run's trigger is ${JSON.stringify(run.trigger)}`);
      const after = await getJson<Summary>(page, `/syncs/${SYNC}/ledger/summary`);
      const billsAfter = stack.systems.k3cloud.sim.state.bills.createdCount();
      expectThat(
        after.counts.written === before.counts.written && after.total === before.total,
        `ledger written ${before.counts.written} → ${after.counts.written}, total ${before.total} → ${after.total}`,
      );
      expectThat(billsAfter === bills, `K3Cloud bills ${bills} → ${billsAfter}`);
      expectThat(
        JSON.stringify(after.watermark) === JSON.stringify(before.watermark),
        `the watermark moved: ${JSON.stringify(before.watermark)} → ${JSON.stringify(after.watermark)}`,
      );
      // The run page counts what the ledger kept from being written twice.
      const known = Number(
        await page.getByTestId('run-count-known').locator('.ant-statistic-content-value').textContent(),
      );
      const read = Number(
        await page.getByTestId('run-count-read').locator('.ant-statistic-content-value').textContent(),
      );
      expectThat(read > 0 && known === read, `read ${read}, already in the ledger ${known}`);
      const days = Math.round(((run.trigger?.to ?? 0) - (run.trigger?.from ?? 0)) / 86_400_000);
      return `${from} ~ ${to} (${days} days) read by run ${runId} (${read} read, all already in the ledger); ${after.counts.written} written and ${billsAfter} bills before and after; watermark unchanged`;
    },
  );
  await checks.run(
    'a sync without a watermark offers no backfill, says why, and the API refuses one',
    async () => {
      await openSync(page, 'newSync');
      const button = page.getByTestId('sync-backfill');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="sync-backfill"]')?.hasAttribute('disabled') === true,
      );
      await button.hover({ force: true });
      const tip = page.locator('.ant-tooltip:not(.ant-tooltip-hidden)');
      await tip.waitFor();
      const text = (await tip.textContent()) ?? '';
      expectThat(/水位线|watermark/.test(text), `the tooltip says "${text}"`);
      await shot(page, '33-sync-backfill-unavailable');
      const refused = await page.evaluate(async () => {
        const res = await fetch('/api/v1/syncs/newSync/backfill', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${localStorage.getItem('qiao.token')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ from: '2026-01-01' }),
        });
        return { status: res.status, body: await res.text() };
      });
      expectThat(
        refused.status === 400 && /水位线|watermark/.test(refused.body),
        `the API answered ${refused.status} ${refused.body.slice(0, 120)}`,
      );
      return `"${text.slice(0, 60)}"; API ${refused.status}`;
    },
  );
}
