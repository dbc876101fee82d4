// E2E part 2 (seed 000): design the voucher form, build the action flow on the canvas, enter a voucher,
// see the run and the voucher in the JDY simulator.
import type { Page } from 'playwright-core';
import { type Checks, expectThat, pick, shot, toast } from './browser-kit.ts';
import type { E2eStack } from './e2e-server.ts';

type FieldSpec = [id: string, label: string, type: string, required: boolean];

async function fillFields(page: Page, prefix: string, fields: FieldSpec[]): Promise<void> {
  for (const [i, [id, label, type, required]] of fields.entries()) {
    if (i > 0) await page.getByTestId(`${prefix}-add`).click();
    await page.getByTestId(`${prefix}-id-${i}`).fill(id);
    await page.getByTestId(`${prefix}-label-${i}`).fill(label);
    if (type !== '文本') await pick(page, `${prefix}-type-${i}`, type);
    if (required) await page.getByTestId(`${prefix}-req-${i}`).check();
  }
}

/** Designs the voucher form with its detail table. */
export async function designForm(page: Page, checks: Checks): Promise<void> {
  await checks.run('the voucher form is designed with a detail table', async () => {
    await page.getByTestId('nav-forms').click();
    await page.getByTestId('empty').waitFor();
    await page.getByTestId('new-forms').first().click();
    await page.getByTestId('create-id').fill('voucher');
    await page.getByTestId('create-ok').click();
    await page.getByTestId('form-name').fill('凭证录入');
    await fillFields(page, 'fields', [
      ['date', '凭证日期', '日期', true],
      ['word', '凭证字', '下拉选择', false],
      ['remark', '摘要', '文本', false],
    ]);
    await page.getByTestId('add-detail').click();
    await page.getByTestId('detail-id-0').fill('lines');
    await page.getByTestId('detail-label-0').fill('分录');
    await fillFields(page, 'detail0', [
      ['exp', '摘要', '文本', true],
      ['acctNo', '科目编码', '文本', true],
      ['debit', '借方金额', '金额/小数', false],
      ['credit', '贷方金额', '金额/小数', false],
    ]);
    await shot(page, '11-form-designer');
    await page.getByTestId('form-save').click();
    await page.getByTestId('tab-entry').waitFor();
  });
}

const VOUCHER = `voucher:
        date: "{{ trigger.date }}"
        groupName: "{{ trigger.word }}"
        entries:
          $each: trigger.lines
          $as: line
          $map:
            exp: "{{ $line.exp }}"
            acctNo: "{{ $line.acctNo }}"
            dc: "{{ $line.debit ? 1 : -1 }}"
            amount: "{{ $line.debit ? $line.debit : $line.credit }}"`;

async function addCall(page: Page, id: string, operation: string): Promise<void> {
  await page.getByTestId('palette-call').click();
  await page.getByTestId('step-id').fill(id);
  await pick(page, 'step-connection', '精斗云（生产）');
  await pick(page, 'step-operation', operation);
}

/** Builds the seed-000 flow on the canvas, shows a validation problem on its field, then fixes and saves it. */
export async function buildFlow(page: Page, checks: Checks): Promise<void> {
  await checks.run('the seed-000 flow is built on the canvas with its mapping', async () => {
    await page.getByTestId('nav-flows').click();
    await page.getByTestId('new-flows').first().click();
    await page.getByTestId('create-id').fill('voucherToJdy');
    await page.getByTestId('create-ok').click();
    await page.getByTestId('flow-name').fill('凭证写入精斗云');
    await pick(page, 'trigger-type', '表单提交');
    await pick(page, 'trigger-form', '凭证录入 (voucher)');
    await addCall(page, 'getToken', '获取用户access_token (getAccessToken)');
    await addCall(page, 'createVoucher', '生成凭证 (saveVoucher)');
    await page.getByTestId('value-sId').fill('1518425');
    await page.getByTestId('value-dbId').fill('2083745');
    await page.getByTestId('value-access_token').fill('{{ steps.nope.output.access_token }}');
    await shot(page, '12-flow-canvas-mapping');
  });
  await checks.run('validation problems are shown on the step and field they concern', async () => {
    await page.getByTestId('flow-save').click();
    await page.getByTestId('flow-errors').waitFor();
    await page.getByTestId('problem-access_token').waitFor();
    await page.locator('.step-node.invalid').first().waitFor();
    await shot(page, '13-flow-validation');
  });
  await checks.run(
    'mapping by picking a source field, yaml edit round-trips to the canvas, live preview',
    async () => {
      await page.getByTestId('value-access_token').fill('');
      await page.getByTestId('value-access_token').focus();
      await page.getByTestId('source-steps.getToken.output.access_token').click();
      const picked = await page.getByTestId('value-access_token').inputValue();
      expectThat(picked === '{{ steps.getToken.output.access_token }}', `picked value is ${picked}`);
      await page.getByTestId('tab-yaml').click();
      const yaml = await page.getByTestId('flow-yaml').inputValue();
      expectThat(
        yaml.includes('access_token: "{{ steps.getToken.output.access_token }}"') ||
          yaml.includes('steps.getToken.output.access_token'),
        'yaml misses the mapping',
      );
      const withVouchers = yaml.replace(
        /( +)dbId: (.*)\n/,
        (_m, indent: string, v: string) =>
          `${indent}dbId: ${v}\n${indent}${VOUCHER.replace(/\n {6}/g, `\n${indent}`)}\n`,
      );
      await page.getByTestId('flow-yaml').fill(withVouchers);
      await shot(page, '14-flow-yaml');
      await page.getByTestId('tab-canvas').click();
      await page.getByTestId('node-s:1').click();
      await page.getByTestId('value-voucher').waitFor();
      await page.locator('[data-testid="mapping-preview-state"][data-loading="false"]').waitFor();
      const preview = (await page.getByTestId('mapping-preview').textContent()) ?? '';
      expectThat(
        preview.includes('2024-01-15') && preview.includes('acctNo'),
        `preview lacks sample values: ${preview.slice(0, 200)}`,
      );
      await page.getByTestId('palette-set').click();
      await page.getByTestId('step-id').fill('reply');
      await page.getByTestId('new-target').fill('voucherId');
      await page.getByTestId('add-target').click();
      await page.getByTestId('value-voucherId').fill('{{ steps.createVoucher.output.vchId }}');
    },
  );
  await checks.run('the server preview runs jsonata and names a failing field inline', async () => {
    await page.getByTestId('new-target').fill('probe');
    await page.getByTestId('add-target').click();
    await page.getByTestId('value-probe').fill("{{ $decimal('十二元', 2) }}");
    await page.getByTestId('mapping-preview-error').waitFor();
    const code = await page.getByTestId('mapping-preview-error').getAttribute('data-code');
    const field = await page.getByTestId('preview-error-field').textContent();
    expectThat(code === 'MAPPING_FAILED' && field === 'probe', `preview error ${code} on ${field}`);
    await page.getByTestId('problem-probe').waitFor();
    await shot(page, '15a-mapping-preview-error');
    await page.getByTestId('value-probe').fill("{{ $uppercase('qiao') & $count([1, 2]) }}");
    await page.getByTestId('mapping-preview').filter({ hasText: 'QIAO2' }).waitFor();
    await shot(page, '15-flow-canvas');
    await page.getByTestId('flow-save').click();
    await toast(page, /v1/);
    return `error on field ${field} (${code}), then "QIAO2" evaluated by the server`;
  });
}

/** Enters a voucher; the form shows the run it fired; the run view and the JDY simulator show the voucher. */
export async function enterVoucher(page: Page, stack: E2eStack, checks: Checks): Promise<void> {
  await checks.run('a refused record lists every problem by field and row and marks them', async () => {
    await page.getByTestId('nav-forms').click();
    await page.getByTestId('open-voucher').click();
    await page.getByTestId('tab-entry').click();
    await page.getByTestId('record-save').click();
    await page.getByTestId('record-errors').waitFor();
    const lines = await page.getByTestId('record-problem').allTextContents();
    await shot(page, '15b-form-entry-problems');
    for (const line of ['凭证日期：必填', '分录 第 1 行 · 摘要：必填', '分录 第 1 行 · 科目编码：必填'])
      expectThat(lines.includes(line), `"${line}" is not among the problems: ${lines.join(' | ')}`);
    await page.getByTestId('problem-entry-date').waitFor();
    await page.getByTestId('problem-cell-lines-0-exp').waitFor();
    const cell = (await page.getByTestId('cell-lines-0-exp').getAttribute('class')) ?? '';
    expectThat(cell.includes('ant-input-status-error'), `the cell is not marked: ${cell}`);
    await page.getByTestId('entry-date').fill(new Date().toISOString().slice(0, 10));
    await page.getByTestId('problem-entry-date').waitFor({ state: 'detached' });
    return lines.join(' | ');
  });
  await checks.run('entering a voucher fires the flow and shows its result', async () => {
    await page.getByTestId('nav-forms').click();
    await page.getByTestId('open-voucher').click();
    await page.getByTestId('tab-entry').click();
    await page.getByTestId('entry-date').fill(new Date().toISOString().slice(0, 10));
    await page.getByTestId('entry-remark').fill('报销办公用品');
    await page.getByTestId('cell-lines-0-exp').fill('购买办公用品');
    await page.getByTestId('cell-lines-0-acctNo').fill('6602.01');
    await page.getByTestId('cell-lines-0-debit').fill('120.5');
    await page.getByTestId('add-row-lines').click();
    await page.getByTestId('cell-lines-1-exp').fill('现金支付');
    await page.getByTestId('cell-lines-1-acctNo').fill('1001');
    await page.getByTestId('cell-lines-1-credit').fill('120.5');
    await page.getByTestId('record-save').click();
    await page.getByTestId('save-result').waitFor();
    await page
      .locator('[data-testid^="result-run-"][data-testid$="succeeded"], [data-testid="result-run-failed"]')
      .first()
      .waitFor({ timeout: 20_000 });
    await shot(page, '16-form-entry-result');
    if (!(await page.getByTestId('result-run-succeeded').isVisible())) {
      const runs = (await (
        await fetch(`${stack.url}/api/v1/runs?limit=1`, {
          headers: {
            authorization: `Bearer ${await page.evaluate(() => localStorage.getItem('qiao.token'))}`,
          },
        })
      ).json()) as { items: Array<{ id: string }> };
      const run = await (
        await fetch(`${stack.url}/api/v1/runs/${runs.items[0]?.id}`, {
          headers: {
            authorization: `Bearer ${await page.evaluate(() => localStorage.getItem('qiao.token'))}`,
          },
        })
      ).text();
      throw new Error(`the fired run did not succeed: ${run.slice(0, 1500)}`);
    }
  });
  await checks.run('the run view shows the timeline and the JDY simulator holds the voucher', async () => {
    await page.getByTestId('open-result-run').click();
    await page.getByTestId('page-run').waitFor();
    await page.getByTestId('step-createVoucher').click();
    const output = (await page.getByTestId('run-output').textContent()) ?? '';
    await shot(page, '17-run-timeline');
    const created = (await (await fetch(`${stack.jdyUrl}/__sim/vouchers`)).json()) as Array<
      Record<string, unknown>
    >;
    expectThat(created.length === 1, `the simulator holds ${created.length} created vouchers`);
    const id = String(created[0]?.vchId ?? created[0]?.id ?? '');
    expectThat(
      id !== '' && output.includes(id),
      `run output ${output.slice(0, 120)} does not name voucher ${id}`,
    );
    return `voucher ${id} created in the JDY simulator`;
  });
}
