// E2E part: "立即运行 / Run now" asks for the run's input first (a form-triggered flow says how it is normally
// started); a manual flow runs with the JSON given; the runs list shows every run id whole and distinct.
import type { Page } from 'playwright-core';
import { type Checks, expectThat, shot } from './browser-kit.ts';
import { apiCall } from './scenario-extras.ts';
import { waitRunDone } from './scenario-sync.ts';

const CALC = {
  schemaVersion: 1,
  kind: 'flow',
  id: 'e2eCalc',
  name: '输入翻倍',
  trigger: { type: 'manual' },
  steps: [{ id: 'double', type: 'set', values: { twice: '{{ trigger.input.n * 2 }}' } }],
};

async function openFlow(page: Page, id: string): Promise<void> {
  await page.getByTestId('nav-flows').click();
  await page.getByTestId(`open-${id}`).click();
  await page.getByTestId('page-flow-editor').waitFor();
}

/** Run now with an input dialog, then distinct run ids in the runs list. */
export async function runNowAndRunIds(page: Page, checks: Checks): Promise<void> {
  await checks.run('run now on a form-triggered flow opens the input dialog with a hint', async () => {
    await openFlow(page, 'voucherToJdy');
    await page.getByTestId('flow-run').click();
    await page.getByTestId('run-input-modal').waitFor();
    const trigger = await page.getByTestId('run-input-hint').getAttribute('data-trigger');
    const input = await page.getByTestId('run-input').inputValue();
    await shot(page, '19a-run-now-form-flow');
    expectThat(trigger === 'form', `the hint is for trigger ${trigger}`);
    const skeleton = JSON.parse(input) as Record<string, unknown>;
    expectThat(
      'date' in skeleton && Array.isArray(skeleton.lines),
      `the input is not the voucher form's skeleton: ${input.slice(0, 120)}`,
    );
    expectThat(page.url().includes('/flows/'), 'a run started before the dialog was confirmed');
    await page.getByTestId('run-input-cancel').click();
    await page.getByTestId('run-input-modal').waitFor({ state: 'hidden' });
  });
  await checks.run('run now checks the JSON and starts the run with the input given', async () => {
    await apiCall(page, 'PUT', `/flows/${CALC.id}`, CALC);
    await openFlow(page, CALC.id);
    await page.getByTestId('flow-run').click();
    const start = await page.getByTestId('run-input').inputValue();
    expectThat(
      JSON.stringify(JSON.parse(start)) === '{"n":null}',
      `the dialog did not offer the input the flow reads: ${start}`,
    );
    expectThat((await page.getByTestId('run-input-hint').count()) === 0, 'a manual flow shows a hint');
    await page.getByTestId('run-input').fill('{ "n": 21, }');
    await page.getByTestId('run-input-ok').click();
    await page.getByTestId('run-input-error').waitFor();
    expectThat(page.url().includes('/flows/'), 'invalid JSON started a run');
    await page.getByTestId('run-input').fill('{ "n": 21 }');
    await page.getByTestId('run-input-ok').click();
    const status = await waitRunDone(page);
    const output = (await page.getByTestId('run-output').textContent()) ?? '';
    await shot(page, '19b-run-now-with-input');
    expectThat(status === 'succeeded' && output.includes('42'), `the run ${status} with output ${output}`);
    return `input {"n": 21} → output ${output.replace(/\s+/g, '')}`;
  });
  await checks.run('run ids in the runs list are whole and distinct', async () => {
    // Runs started together share the time-based head of their ids.
    await page.evaluate(async (id) => {
      const headers = {
        authorization: `Bearer ${localStorage.getItem('qiao.token')}`,
        'content-type': 'application/json',
      };
      await Promise.all(
        [1, 2, 3].map((n) =>
          fetch(`/api/v1/flows/${id}/run`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ input: { n } }),
          }),
        ),
      );
    }, CALC.id);
    await page.getByTestId('nav-runs').click();
    await page.locator('[data-testid^="run-row-"]').nth(3).waitFor();
    const rows = await page.locator('[data-testid^="run-row-"]').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: (tr.getAttribute('data-testid') ?? '').slice('run-row-'.length),
        shown: tr.querySelector('[data-testid="run-id"] code')?.textContent ?? '',
      })),
    );
    const shown = rows.map((r) => r.shown);
    expectThat(
      rows.every((r) => r.shown === r.id),
      `ids are cut: ${rows.map((r) => `${r.shown} for ${r.id}`).join(', ')}`,
    );
    expectThat(new Set(shown).size === shown.length, `ids repeat: ${shown.join(', ')}`);
    await shot(page, '19c-runs-ids');
    return `${shown.length} ids shown whole, e.g. ${shown.slice(0, 3).join(', ')}`;
  });
}
