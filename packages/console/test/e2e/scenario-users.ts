// E2E part: user management — the admin adds a viewer, makes them an editor and deletes them; the nav
// entry is hidden from non-admins.
import type { Page } from 'playwright-core';
import { type Checks, expectThat, pick, shot, toast } from './browser-kit.ts';
import type { E2eStack } from './e2e-server.ts';

const USER = { username: 'e2e-viewer', password: 'viewer-pass-1' };

interface Listed {
  id: string;
  username: string;
  role: string;
}

/** The users the API lists, read with the console's stored token. */
async function listedUsers(page: Page): Promise<Listed[]> {
  return page.evaluate(async () => {
    const r = await fetch('/api/v1/users', {
      headers: { authorization: `Bearer ${localStorage.getItem('qiao.token')}` },
    });
    if (!r.ok) throw new Error(`GET /users answered ${r.status}`);
    return ((await r.json()) as { items: Listed[] }).items;
  });
}

async function roleOf(page: Page, username: string): Promise<string | undefined> {
  return (await listedUsers(page)).find((u) => u.username === username)?.role;
}

/** The status of a sign-in with these credentials, from outside the browser. */
async function signInStatus(stack: E2eStack, password: string): Promise<number> {
  const r = await fetch(`${stack.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USER.username, password }),
  });
  return r.status;
}

/** Saves the open user modal and waits for it to close. */
async function submit(page: Page): Promise<void> {
  await page.getByTestId('user-submit').click();
  await toast(page, '已保存');
  await page.getByTestId('user-form').waitFor({ state: 'detached' });
}

/** Adds a viewer, changes their role to editor, deletes them — the table and the API agree at each step. */
export async function manageUsers(page: Page, stack: E2eStack, checks: Checks): Promise<void> {
  await checks.run('the admin adds a viewer, makes them an editor and deletes them', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('page-users').waitFor();
    await page.getByTestId('user-role-admin').getByText('管理员').waitFor();

    await page.getByTestId('new-user').click();
    await page.getByTestId('user-username').fill(USER.username);
    await page.getByTestId('user-password').fill(USER.password);
    await pick(page, 'user-role-select', '查看者');
    await submit(page);
    await page.getByTestId(`user-role-${USER.username}`).getByText('查看者').waitFor();
    expectThat((await roleOf(page, USER.username)) === 'viewer', 'the API does not list the new viewer');
    expectThat((await signInStatus(stack, USER.password)) === 200, 'the new viewer cannot sign in');
    await shot(page, '34-users');

    await page.getByTestId(`user-edit-role-${USER.username}`).click();
    await pick(page, 'user-role-select', '编辑者');
    await submit(page);
    await page.getByTestId(`user-role-${USER.username}`).getByText('编辑者').waitFor();
    expectThat((await roleOf(page, USER.username)) === 'editor', 'the API does not show the editor role');

    await page.getByTestId(`user-delete-${USER.username}`).click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await toast(page, `已删除用户 ${USER.username}`);
    await page.getByTestId(`user-row-${USER.username}`).waitFor({ state: 'detached' });
    expectThat((await roleOf(page, USER.username)) === undefined, 'the API still lists the deleted user');
    expectThat((await signInStatus(stack, USER.password)) === 401, 'the deleted user can still sign in');
    const admins = (await listedUsers(page)).filter((u) => u.role === 'admin');
    return `${admins.length} admin(s) left`;
  });
  await checks.run('the users page is hidden from non-admins and refuses to delete oneself', async () => {
    expectThat(await page.getByTestId('user-delete-admin').isDisabled(), 'the admin may delete themself');
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser');
    const created = await page.evaluate(async (user) => {
      const r = await fetch('/api/v1/users', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${localStorage.getItem('qiao.token')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ ...user, role: 'viewer' }),
      });
      return r.status;
    }, USER);
    expectThat(created === 201, `the viewer was not created (${created})`);
    const context = await browser.newContext({ locale: 'zh-CN' });
    try {
      const viewer = await context.newPage();
      await viewer.goto(stack.url);
      await viewer.getByTestId('username').fill(USER.username);
      await viewer.getByTestId('password').fill(USER.password);
      await viewer.getByTestId('auth-submit').click();
      await viewer.getByTestId('nav-flows').waitFor();
      expectThat((await viewer.getByTestId('nav-users').count()) === 0, 'a viewer sees the users entry');
    } finally {
      await context.close();
    }
  });
}
