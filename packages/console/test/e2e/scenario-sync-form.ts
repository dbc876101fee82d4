// E2E part 4b (seed 001): the sync's definition as a form — change the batch size, save a new version and see
// it in the YAML view; then empty the target operation and see the server's diagnostic on that form field.
import type { Page } from 'playwright-core';
import { type Checks, expectThat, shot, toast } from './browser-kit.ts';

const SYNC = 'dingtalkExpenseToK3Paybill';

async function openDefinition(page: Page): Promise<number> {
  await page.getByTestId('nav-syncs').click();
  await page.getByTestId(`open-${SYNC}`).click();
  await page.getByTestId('page-sync').waitFor();
  await page.getByTestId('sync-definition-tab').click();
  await page.getByTestId('sync-form').waitFor();
  return Number(((await page.getByTestId('sync-version').textContent()) ?? '').replace(/^v/, ''));
}

/** Edits the seed-001 sync through its form: a saved batch size, then a refused empty operation. */
export async function syncForm(page: Page, checks: Checks): Promise<void> {
  await checks.run(
    'the sync form changes the batch size, saves a new version and the yaml shows it',
    async () => {
      const before = await openDefinition(page);
      expectThat(before > 0, 'no version shown');
      const batch = page.getByTestId('sync-field-target.batchSize');
      const old = await batch.inputValue();
      await batch.fill('20');
      await shot(page, '29-sync-form');
      await page.getByTestId('sync-save').click();
      await toast(page, new RegExp(`v${before + 1}\\b`));
      await page
        .getByTestId('sync-version')
        .filter({ hasText: `v${before + 1}` })
        .waitFor();
      await page.getByTestId('sync-view-yaml').click();
      const yaml = await page.getByTestId('sync-yaml').inputValue();
      expectThat(/\n {2}batchSize: 20\n/.test(yaml), 'the yaml does not show "batchSize: 20" under target');
      expectThat(
        yaml.includes('PRE001') && yaml.includes('writeBack:'),
        'the rest of the definition changed',
      );
      return `batch size ${old} → 20, saved as v${before + 1}`;
    },
  );
  await checks.run(
    'an empty target operation is refused and the form shows the diagnostic on the field',
    async () => {
      await page.getByTestId('sync-view-form').click();
      const operation = page.getByTestId('sync-field-target.operation');
      await operation.hover();
      await operation.locator('.ant-select-clear').click();
      await page.getByTestId('sync-save').click();
      const errors = page.getByTestId('sync-errors');
      await errors.filter({ hasText: 'target.operation' }).waitFor();
      const onField = (await page.getByTestId('sync-problem-target.operation').textContent()) ?? '';
      expectThat(onField.length > 0, 'no problem shown on the target operation field');
      await shot(page, '30-sync-form-diagnostic');
      return `"${onField.slice(0, 60)}"`;
    },
  );
}
