// The console's end-to-end test: a real server (runtime + API + built console), the JDY simulator, and
// Debian's headless Chromium driven by playwright-core. Screenshots land in packages/console/artifacts/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, Checks, launch } from './browser-kit.ts';
import { startStack } from './e2e-server.ts';
import { bigCanvas, historyRunsDashboard } from './scenario-extras.ts';
import { runNowAndRunIds } from './scenario-run-now.ts';
import { connectorsAndConnection, setupAndSignIn } from './scenario-setup.ts';
import { newSync, syncLedger } from './scenario-sync.ts';
import { syncBackfill } from './scenario-sync-backfill.ts';
import { syncForm } from './scenario-sync-form.ts';
import { syncPreview } from './scenario-sync-preview.ts';
import { manageUsers } from './scenario-users.ts';
import { buildFlow, designForm, enterVoucher } from './scenario-voucher.ts';

const stack = await startStack();
const browser = await launch();
const checks = new Checks();
console.log(`console e2e against ${stack.url} (simulators: ${Object.values(stack.systems.urls).join(' ')})`);
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.setDefaultTimeout(10_000);
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await setupAndSignIn(page, stack, checks);
  await connectorsAndConnection(page, stack, checks);
  await designForm(page, checks);
  await buildFlow(page, checks);
  await enterVoucher(page, stack, checks);
  await historyRunsDashboard(page, checks);
  await runNowAndRunIds(page, checks);
  await manageUsers(page, stack, checks);
  await syncPreview(page, stack, checks);
  await syncLedger(page, stack, checks);
  await newSync(page, checks);
  await syncForm(page, checks);
  await syncBackfill(page, stack, checks);
  await bigCanvas(page, checks);
  await checks.run('no uncaught errors in the page', async () => {
    if (consoleErrors.length) throw new Error(consoleErrors.slice(0, 3).join(' | '));
  });
} finally {
  await browser.close();
  await stack.close();
}
writeFileSync(join(ARTIFACTS, 'e2e-results.json'), `${JSON.stringify(checks.results, null, 2)}\n`);
console.log(
  `${checks.results.length - checks.failed}/${checks.results.length} checks passed; screenshots in ${ARTIFACTS}`,
);
process.exit(checks.failed ? 1 : 0);
