// E2E part 5a (seed 001, before its first run): preview the sync — the definition being edited (its window
// widened, not saved) is read from the DingTalk simulator and mapped, nothing written; the mapping tab then
// samples a previewed record (source tree, live preview) and writes an edit into the YAML in place. The same
// preview on a new sync that has no stored version yet (the YAML body is enough).
import type { Page } from 'playwright-core';
import { type Checks, expectThat, shot } from './browser-kit.ts';
import { BROKEN_CURRENCY, type E2eStack } from './e2e-server.ts';

const SYNC = 'dingtalkExpenseToK3Paybill';
const DRAFT = 'previewDraft';

/** The seed's window is 30 days from 100 days ago: 100 days read every seeded instance in one window. */
const widen = (yaml: string) => yaml.replace(/maxWindow: 30d/, 'maxWindow: 100d');

/** Runs the preview (20 records) and returns the key of the first row passing the filter, expanded. */
async function previewAndOpen(page: Page): Promise<{ key: string; rows: number }> {
  await page.getByTestId('sync-preview-limit').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .last()
    .click();
  await page.getByTestId('sync-preview-run').click();
  await page.getByTestId('sync-preview-summary').waitFor({ timeout: 30_000 });
  const rows = page.locator('[data-testid^="sync-preview-row-"]');
  await rows.first().waitFor();
  const passing = rows.filter({ has: page.locator('[data-passes="true"]') }).first();
  const key = ((await passing.getAttribute('data-testid')) ?? '').replace('sync-preview-row-', '');
  await passing.locator('.ant-table-row-expand-icon').click();
  return { key, rows: await rows.count() };
}

/** Previews the seed-001 sync and its new-sync twin; edits the mapping on the previewed sample. */
export async function syncPreview(page: Page, stack: E2eStack, checks: Checks): Promise<void> {
  let yaml = '';
  await checks.run(
    'the sync preview reads the source and shows mapped payloads, writing nothing',
    async () => {
      await page.getByTestId('nav-syncs').click();
      await page.getByTestId(`open-${SYNC}`).click();
      await page.getByTestId('sync-definition-tab').click();
      await page.getByTestId('sync-form').waitFor();
      await page.getByTestId('sync-view-yaml').click();
      yaml = await page.getByTestId('sync-yaml').inputValue();
      await page.getByTestId('sync-yaml').fill(widen(yaml));
      await page.getByTestId('sync-tab-mapping').click();
      await page.getByTestId('sync-mapping-no-sample').waitFor();
      await page.getByTestId('sync-tab-preview').click();
      await page.getByTestId('sync-preview-empty').waitFor();
      const { key, rows } = await previewAndOpen(page);
      const mapped = (await page.getByTestId(`sync-preview-mapped-${key}`).textContent()) ?? '';
      expectThat(mapped.includes('"FBillNo"'), `no FBillNo in the mapped payload of ${key}`);
      expectThat(mapped.includes(BROKEN_CURRENCY), 'the payload does not show the broken currency');
      const source = (await page.getByTestId(`sync-preview-source-${key}`).textContent()) ?? '';
      expectThat(source.includes('businessId'), 'the source record is not shown');
      await page.getByTestId('sync-preview-exchanges').click();
      const exchanges = await page.locator('[data-testid="sync-preview-exchanges"] tr.ant-table-row').count();
      expectThat(exchanges > rows, `${exchanges} exchanges for ${rows} records (list + details expected)`);
      await shot(page, '22a-sync-preview');
      const ledger = await stack.runtime.store.ledger.list(SYNC, { limit: 1 });
      expectThat(ledger.length === 0, 'the preview wrote to the ledger');
      expectThat(stack.systems.k3cloud.sim.state.bills.createdCount() === 0, 'the preview wrote bills');
      return `${rows} records, ${exchanges} exchanges, ${key} → FBillNo with ${BROKEN_CURRENCY}`;
    },
  );
  await checks.run('the mapping tab samples the previewed record and edits the yaml in place', async () => {
    await page.getByTestId('sync-tab-mapping').click();
    await page.getByTestId('sync-mapping-sample').waitFor();
    await page.getByTestId('source-businessId').waitFor();
    await page.getByTestId('mapping-preview').filter({ hasText: '"FBillNo"' }).waitFor();
    await page.getByTestId('mapping-preview').filter({ hasText: 'BM0' }).waitFor(); // $lookup of departments
    await page.getByTestId('value-FEXCHANGERATE').fill('2');
    await shot(page, '22b-sync-mapping');
    await page.getByTestId('sync-tab-definition').click();
    const edited = await page.getByTestId('sync-yaml').inputValue();
    expectThat(/\n {2}FEXCHANGERATE: 2\n/.test(edited), 'the yaml does not show "FEXCHANGERATE: 2"');
    const before = widen(yaml).split('\n');
    const changed = edited.split('\n').filter((line, i) => line !== before[i]);
    expectThat(
      changed.length === 1 && edited.split('\n').length === before.length,
      `other lines changed: ${changed.slice(0, 3).join(' | ')}`,
    );
    return 'source tree from the sample, live preview with $lookup, FEXCHANGERATE written in place';
  });
  await checks.run('a new sync (no stored version) previews the yaml being written', async () => {
    await page.getByTestId('nav-syncs').click();
    await page.getByTestId('new-syncs').click();
    await page.getByTestId('create-id').fill(DRAFT);
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.getByTestId('page-sync-new').waitFor();
    await page.getByTestId('sync-mapping-no-sample').waitFor();
    await page.getByTestId('sync-view-yaml').click();
    await page.getByTestId('sync-yaml').fill(widen(yaml).replace(`id: ${SYNC}`, `id: ${DRAFT}`));
    const { key, rows } = await previewAndOpen(page);
    await page.getByTestId(`sync-preview-mapped-${key}`).filter({ hasText: '"FBillNo"' }).waitFor();
    await page.getByTestId('source-businessId').waitFor();
    await shot(page, '22c-sync-new-preview');
    return `${rows} records previewed for the unsaved ${DRAFT}`;
  });
}
