// E2E part 4 (seed 001): open the DingTalk → K3Cloud sync, run it, see the failed records in the ledger,
// fix the mapping in the sync's YAML, retry one failed record, then all, and see bills in the K3Cloud simulator.
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { type Checks, expectThat, shot, toast } from './browser-kit.ts';
import { BROKEN_CURRENCY, type E2eStack } from './e2e-server.ts';

const SYNC = 'dingtalkExpenseToK3Paybill';

async function count(page: Page, status: string): Promise<number> {
  const text =
    (await page.getByTestId(`count-${status}`).locator('.ant-statistic-content-value').textContent()) ?? '0';
  return Number(text.replace(/,/g, ''));
}

/** Waits on the run page until the run succeeded or failed; its final status. */
export async function waitRunDone(page: Page): Promise<string> {
  await page.getByTestId('page-run').waitFor();
  const done = page.locator(
    '[data-testid="page-run"] .page-header [data-status="succeeded"], [data-testid="page-run"] .page-header [data-status="failed"]',
  );
  await done.first().waitFor({ timeout: 60_000 });
  return (await done.first().getAttribute('data-status')) ?? '';
}

async function openLedger(page: Page): Promise<void> {
  await page.getByTestId('nav-syncs').click();
  await page.getByTestId(`open-${SYNC}`).click();
  await page.getByTestId('page-sync').waitFor();
}

/** Runs the seed-001 sync, fixes its mapping and retries the failed ledger records. */
export async function syncLedger(page: Page, stack: E2eStack, checks: Checks): Promise<void> {
  let failed = 0;
  let syncRunId = '';
  // An alert flow told of sync runs with failed records (its run is checked below).
  await stack.runtime.documents.applyAll([
    {
      schemaVersion: 1,
      kind: 'flow',
      id: 'e2eAlert',
      name: '同步告警',
      trigger: { type: 'runFailed', flows: [SYNC], failedRecords: true },
      steps: [
        {
          id: 'message',
          type: 'set',
          values: { text: '{{ trigger.run.flowId }} 失败 {{ trigger.run.stats.failed }} 条' },
        },
      ],
    } as never,
  ]);
  await checks.run(
    'the seed-001 sync runs and its ledger shows the refused records with their error',
    async () => {
      await openLedger(page);
      await page.getByTestId('empty').waitFor();
      await shot(page, '22-sync-ledger-empty');
      await page.getByTestId('sync-run').click();
      await waitRunDone(page);
      syncRunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
      await shot(page, '23-sync-run');
      await openLedger(page);
      await page.locator('[data-testid^="ledger-"]').first().waitFor();
      failed = await count(page, 'failed');
      expectThat(failed > 0, 'no record failed with the broken currency');
      await page
        .getByText(/币别|PRE999/)
        .first()
        .waitFor();
      await shot(page, '24-sync-ledger-failed');
      return `${failed} records refused by K3Cloud`;
    },
  );
  await checks.run('the alert run of the refused records links back to the sync run', async () => {
    const [alertId] = await stack.runtime.alerts.alertsOf(syncRunId);
    expectThat(alertId !== undefined, `no alert run for sync run ${syncRunId}`);
    const alert = await stack.runtime.engine.waitForRun(alertId ?? '');
    expectThat(alert.status === 'succeeded', `the alert run ended ${alert.status}`);
    await page.goto(`${new URL(page.url()).origin}/runs/${encodeURIComponent(alertId ?? '')}`);
    await page.locator('[data-testid="run-trigger"][data-type="runFailed"]').waitFor();
    const link = page.getByTestId('run-trigger-failed');
    const text = (await link.textContent()) ?? '';
    expectThat(text.includes(syncRunId), `the trigger shows "${text}"`);
    await shot(page, '24b-alert-run');
    await link.click();
    await page.locator(`[data-testid="page-run"] code:text-is("${syncRunId}")`).waitFor();
    await openLedger(page); // where the next check starts
    return `alert run ${alertId} → "${text}"`;
  });
  await checks.run(
    'after fixing the mapping, its preview maps the failed records and one retried record is written',
    async () => {
      await page.getByTestId('sync-definition-tab').click();
      await page.getByTestId('sync-form').waitFor();
      await page.getByTestId('sync-view-yaml').click();
      const yaml = await page.getByTestId('sync-yaml').inputValue();
      expectThat(yaml.includes(BROKEN_CURRENCY), 'the sync yaml does not show the broken mapping');
      await page.getByTestId('sync-yaml').fill(yaml.replace(BROKEN_CURRENCY, 'PRE001'));
      // Before saving: the failed records' stored sources, mapped with the edited YAML, calling no system.
      const calls = JSON.stringify([stack.systems.dingtalk.sim.calls, stack.systems.k3cloud.sim.calls]);
      await page.getByTestId('sync-tab-preview').click();
      await page.getByTestId('sync-preview-from').click();
      await page.locator('.ant-select-item-option[title="台账中的失败记录"]').click();
      await page.getByTestId('sync-preview-run').click();
      await page.getByTestId('sync-preview-stored').waitFor();
      const row = page.locator('[data-testid^="sync-preview-row-"]').first();
      await row.waitFor();
      const key = ((await row.getAttribute('data-testid')) ?? '').replace('sync-preview-row-', '');
      await row.locator('.ant-table-row-expand-icon').click();
      const mapped = (await page.getByTestId(`sync-preview-mapped-${key}`).textContent()) ?? '';
      expectThat(
        mapped.includes('PRE001') && !mapped.includes(BROKEN_CURRENCY),
        'the preview did not use the fix',
      );
      const rows = await page.locator('[data-testid^="sync-preview-row-"]').count();
      expectThat(rows === Math.min(failed, 5), `${rows} failed records previewed, ${failed} failed`);
      await shot(page, '24b-sync-preview-failed');
      const after = JSON.stringify([stack.systems.dingtalk.sim.calls, stack.systems.k3cloud.sim.calls]);
      expectThat(after === calls, 'the preview of stored sources called a system');
      await page.getByTestId('sync-save').click();
      await toast(page, /v2/);
      await page.getByText('同步台账').click();
      await page.getByTestId('ledger-status').click();
      await page.locator('.ant-select-item-option[title="失败"]').click();
      await page.locator('[data-testid^="select-"]').first().check();
      await shot(page, '25-sync-ledger-select');
      await page.getByTestId('retry-selected').click();
      expectThat((await waitRunDone(page)) === 'succeeded', 'the retry run did not succeed');
      await openLedger(page);
      const left = await count(page, 'failed');
      expectThat(left === failed - 1, `failed went from ${failed} to ${left}`);
      return `previewed ${Math.min(failed, 5)} failed records with the fix (no call); failed ${failed} → ${left}`;
    },
  );
  await checks.run('retry all failed writes every bill and k3cloud holds them', async () => {
    await page.getByTestId('retry-all').click();
    expectThat((await waitRunDone(page)) === 'succeeded', 'the retry-all run did not succeed');
    await openLedger(page);
    expectThat((await count(page, 'failed')) === 0, 'records are still failed');
    const written = await count(page, 'written');
    await shot(page, '26-sync-ledger-written');
    const bills = stack.systems.k3cloud.sim.state.bills.createdCount();
    expectThat(bills === written, `K3Cloud holds ${bills} bills, ledger says ${written} written`);
    return `${written} bills written, ${bills} in the K3Cloud simulator`;
  });
  await checks.run('the ledger reconciles amounts source vs target and written records balance', async () => {
    const balanced = page.locator('[data-testid="reconcile-balanced"][data-balanced="true"]');
    await balanced.waitFor();
    const row = page.getByTestId('reconcile-written');
    const source = (await row.locator('.amount-source').textContent()) ?? '';
    const target = (await row.locator('.amount-target').textContent()) ?? '';
    expectThat(/^\d+(\.\d+)?$/.test(source) && Number(source) > 0, `source total is "${source}"`);
    expectThat(source === target, `source ${source} ≠ target ${target}`);
    const api = await page.evaluate(async (sync) => {
      const res = await fetch(`/api/v1/syncs/${sync}/ledger/reconciliation`, {
        headers: { authorization: `Bearer ${localStorage.getItem('qiao.token')}` },
      });
      return (await res.json()) as { statuses: { written: { count: number; sourceAmount: string } } };
    }, SYNC);
    expectThat(api.statuses.written.sourceAmount === source, `api says ${api.statuses.written.sourceAmount}`);
    await shot(page, '27-sync-reconciliation');
    return `${api.statuses.written.count} written, source ${source} = target ${target}`;
  });
  await checks.run('searching the ledger by part of a bill number finds that record alone', async () => {
    const written = await page.evaluate(async (sync) => {
      const res = await fetch(`/api/v1/syncs/${sync}/ledger?status=written&limit=1`, {
        headers: { authorization: `Bearer ${localStorage.getItem('qiao.token')}` },
      });
      return ((await res.json()) as { items: Array<{ sourceKey: string; targetNumber: string }> }).items[0];
    }, SYNC);
    expectThat(written !== undefined, 'no written record to search for');
    const part = String(written?.targetNumber).slice(2); // a part: the search matches inside the number
    const search = page.getByTestId('ledger-search').locator('input');
    await search.fill(part);
    await search.press('Enter');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="page-sync"] code[data-testid^="ledger-"]').length === 1,
    );
    const shown = await page.locator('code[data-testid^="ledger-"]').first().textContent();
    expectThat(shown === written?.sourceKey, `the search for "${part}" shows ${shown}`);
    await shot(page, '27b-sync-ledger-search');
    await search.fill('');
    await search.press('Enter');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="page-sync"] code[data-testid^="ledger-"]').length > 1,
    );
    return `"${part}" → ${shown}`;
  });
  await checks.run(
    'the ledger exports as CSV: every record, written ones with their bill number',
    async () => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('ledger-export').click(),
      ]);
      expectThat(file.suggestedFilename() === `${SYNC}-ledger.csv`, `saved as ${file.suggestedFilename()}`);
      const text = await readFile(await file.path(), 'utf8');
      expectThat(text.startsWith('\uFEFF来源键,状态,目标单号'), `the file starts "${text.slice(0, 30)}"`);
      const rows = text
        .slice(1)
        .split('\r\n')
        .filter(Boolean)
        .slice(1)
        .map((line) => line.split(','));
      const summary = await page.evaluate(async (sync) => {
        const res = await fetch(`/api/v1/syncs/${sync}/ledger/summary`, {
          headers: { authorization: `Bearer ${localStorage.getItem('qiao.token')}` },
        });
        return (await res.json()) as { total: number };
      }, SYNC);
      const written = rows.filter((row) => row[1] === 'written');
      const bills = stack.systems.k3cloud.sim.state.bills.createdCount();
      expectThat(rows.length === summary.total, `${rows.length} rows, the ledger holds ${summary.total}`);
      expectThat(written.length === bills, `${written.length} written rows, ${bills} bills in K3Cloud`);
      expectThat(
        written.every((row) => (row[2] ?? '') !== ''),
        'a written row has no bill number',
      );
      return `${rows.length} rows, ${written.length} written with bill numbers (e.g. ${written[0]?.[2]})`;
    },
  );
  await checks.run('the ledger exports as an Excel workbook with the bill numbers as text', async () => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('ledger-export-xlsx').click(),
    ]);
    expectThat(file.suggestedFilename() === `${SYNC}-ledger.xlsx`, `saved as ${file.suggestedFilename()}`);
    const sheet = strFromU8(
      unzipSync(await readFile(await file.path()))['xl/worksheets/sheet1.xml'] ?? new Uint8Array(),
    );
    const rows = sheet.match(/<row>.*?<\/row>/g) ?? [];
    const written = rows.filter((row) => row.includes('<t xml:space="preserve">written</t>'));
    const bills = stack.systems.k3cloud.sim.state.bills.createdCount();
    expectThat(written.length === bills, `${written.length} written rows, ${bills} bills in K3Cloud`);
    return `${rows.length - 1} rows, ${written.length} written`;
  });
}

/** Creates a sync from the console's template: diagnostics for a bad reference, then saved and opened. */
export async function newSync(page: Page, checks: Checks): Promise<void> {
  await checks.run('a new sync starts from a template, shows diagnostics and saves', async () => {
    await page.getByTestId('nav-syncs').click();
    await page.getByTestId('new-syncs').click();
    await page.getByTestId('create-id').fill('newSync');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.getByTestId('page-sync-new').waitFor();
    await page.getByTestId('sync-mapping-editor').waitFor();
    await page.getByTestId('sync-mapping-no-sample').waitFor();
    await page.getByTestId('sync-form').waitFor();
    await page.getByTestId('sync-view-yaml').click();
    const template = await page.getByTestId('sync-yaml').inputValue();
    expectThat(template.includes('kind: sync') && template.includes('FBillNo'), 'no template yaml');
    const bad = template.replace(/connection: \S+/, 'connection: nope');
    await page.getByTestId('sync-yaml').fill(bad);
    await page.getByTestId('sync-new-save').click();
    await page.getByTestId('sync-errors').waitFor();
    const errors = (await page.getByTestId('sync-errors').textContent()) ?? '';
    await shot(page, '28-sync-new-diagnostics');
    const good = template
      .replace(/(source:\n\s+connection:) \S+/, '$1 dingtalk')
      .replace(/operation: list\b/, 'operation: listInstanceIds')
      .replace(/(target:\n\s+connection:) \S+/, '$1 k3cloud');
    await page.getByTestId('sync-yaml').fill(good);
    await page.getByTestId('sync-new-save').click();
    await page.getByTestId('page-sync').waitFor();
    return `diagnostics "${errors.slice(0, 60)}", then saved`;
  });
}
