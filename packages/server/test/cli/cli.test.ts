import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVoucherApi, type VoucherApi, writeVoucherProject } from './fixtures.ts';
import { runQiao } from './run-qiao.ts';

/** The real `qiao` command in child processes: exit codes, one-line errors, and a run end to end. */
describe('qiao cli', () => {
  let api: VoucherApi;
  let project: string;
  let dataDir: string;

  beforeAll(async () => {
    api = await startVoucherApi();
    project = await writeVoucherProject(api.url);
    dataDir = await mkdtemp(join(tmpdir(), 'qiao-cli-data-'));
  });
  afterAll(async () => {
    await api.close();
  });

  it('prints help listing every command', async () => {
    const result = await runQiao(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['validate', 'run', 'serve', 'runs', 'ledger', 'simulate', 'schema', 'demo']) {
      expect(result.stdout).toContain(command);
    }
  });

  it('rejects an unknown command with exit code 2 and no stack trace', async () => {
    const result = await runQiao(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^错误: 未知的命令 'frobnicate'\n/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('validates a good project', async () => {
    const result = await runQiao(['validate', project]);
    expect(result.stdout).toContain('3 个文件全部有效');
    expect(result.code).toBe(0);
  });

  it('reports every problem of a bad file with file, line and code, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qiao-cli-bad-'));
    await writeFile(
      join(dir, 'flow.yaml'),
      'schemaVersion: 1\nkind: flow\nid: bad\nname: x\ntrigger: { type: schedule, cron: "not a cron" }\nsteps:\n  - id: a\n    type: call\n    connection: nowhere\n    operation: x\n',
    );
    const result = await runQiao(['validate', join(dir, 'flow.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/flow\.yaml:5:\d+/);
    expect(result.stdout).toMatch(/cron/i);
    // The cron error does not hide the step's unknown connection: every problem at once.
    expect(result.stdout).toMatch(/flow\.yaml:9:\d+ {2}ref\.unknown_connection {2}steps\[0\]\.connection/);
    expect(result.stdout).toMatch(/涉及 1 个文件（共检查 1 个）/);
  });

  it('prints diagnostics quoting Chinese values in English only with --lang en', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qiao-cli-bad-en-'));
    await writeFile(
      join(dir, 'flow.yaml'),
      'schemaVersion: 1\nkind: flow\nid: bad\nname: 报销\ntrigger: 表单 / 保存\nsteps: "步骤"\n',
    );
    const result = await runQiao(['--lang', 'en', 'validate', join(dir, 'flow.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /flow\.yaml:5:10 {2}schema\.type {2}trigger {2}Expected object, got string "表单 \/ 保存"\.\n/,
    );
    expect(result.stdout).toMatch(
      /flow\.yaml:6:8 {2}schema\.type {2}steps {2}Expected list, got string "步骤"\.\n/,
    );
    expect(result.stdout).not.toMatch(/类型不对|应为/);
  });

  it('says clearly when a path does not exist', async () => {
    const result = await runQiao(['validate', '/no/such/place']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('/no/such/place');
  });

  it('runs a flow once, chaining the token into the voucher call', async () => {
    const input = JSON.stringify({ date: '2026-11-20', lines: [{ acct: '6602.01', amount: '1,234.50' }] });
    const result = await runQiao([
      '--data-dir',
      dataDir,
      'run',
      join(project, 'flow.yaml'),
      '--input',
      input,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/成功/);
    expect(result.stdout).toContain('步骤：运行 2 个（成功 2，失败 0，跳过 0）· 尝试 2 次 · HTTP 调用 2 次');
    expect(api.vouchers).toEqual([{ date: '2026-11-20', entries: [{ acctNo: '6602.01', amount: 1234.5 }] }]);
  });

  it('lists the run and shows its step timeline', async () => {
    const list = await runQiao(['--data-dir', dataDir, 'runs', 'list', '--json']);
    expect(list.code).toBe(0);
    const runs = JSON.parse(list.stdout) as Array<{ id: string; status: string; flowId: string }>;
    const run = runs.find((r) => r.flowId === 'voucher-flow');
    expect(run?.status).toBe('succeeded');
    const show = await runQiao(['--data-dir', dataDir, 'runs', 'show', run?.id ?? '', '--json']);
    const detail = JSON.parse(show.stdout) as { steps: Array<{ path: string; status: string }> };
    expect(detail.steps.map((s) => [s.path, s.status])).toEqual([
      ['getToken', 'succeeded'],
      ['save', 'succeeded'],
    ]);
  });

  it('exits 1 when the run fails, printing the system reason', async () => {
    const failing = await startVoucherApi({ rejectAll: true });
    try {
      const dir = await writeVoucherProject(failing.url);
      const data = await mkdtemp(join(tmpdir(), 'qiao-cli-fail-'));
      const input = JSON.stringify({ date: '2026-11-20', lines: [] });
      const result = await runQiao(['--data-dir', data, 'run', join(dir, 'flow.yaml'), '--input', input]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/失败/);
      expect(result.stdout).toContain('借贷不平衡');
      // Two steps ran (the token, then the rejected voucher), each one attempt with one request.
      expect(result.stdout).toContain(
        '步骤：运行 2 个（成功 1，失败 1，跳过 0）· 尝试 2 次 · HTTP 调用 2 次',
      );
      // An alert flow in the project: the failed run's alert runs before the command exits (cron has no server).
      await writeFile(
        join(dir, 'alert.yaml'),
        'schemaVersion: 1\nkind: flow\nid: alert\nname: 告警\ntrigger: { type: runFailed }\nsteps:\n  - { id: m, type: set, values: { text: "{{ trigger.run.error.message }}" } }\n',
      );
      const again = await runQiao(['--data-dir', data, 'run', join(dir, 'flow.yaml'), '--input', input]);
      expect(again.code).toBe(1);
      expect(again.stdout).toMatch(/告警运行 \S+-alert-alert（alert）：成功/);
      const runs = await runQiao(['--data-dir', data, 'runs', 'list', '--json']);
      const listed = JSON.parse(runs.stdout) as Array<{ id: string; flowId: string; status: string }>;
      const failedRun = listed.find(
        (r) => r.flowId !== 'alert' && r.status === 'failed' && again.stdout.includes(r.id),
      );
      const alerts = listed.filter((r) => r.flowId === 'alert');
      expect(alerts).toEqual([
        expect.objectContaining({ id: `${failedRun?.id}-alert-alert`, flowId: 'alert', status: 'succeeded' }),
      ]);
    } finally {
      await failing.close();
    }
  });

  it('runs a file outside --project, counting no HTTP call for a step that failed before sending (--lang en)', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'qiao-cli-unsent-')), 'unsent.yaml');
    await writeFile(
      file,
      'schemaVersion: 1\nkind: flow\nid: unsent\nname: x\ntrigger: { type: manual }\nretry: { maxAttempts: 1 }\nsteps:\n  - id: save\n    type: call\n    connection: ledger\n    operation: saveVoucher\n    input: { access_token: "{{ $number(\'abc\') }}" }\n',
    );
    const result = await runQiao(['--data-dir', dataDir, '--lang', 'en', 'run', file, '--project', project]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'steps: 1 run (0 succeeded, 1 failed, 0 skipped) · 1 attempt(s) · 0 HTTP call(s)',
    );
    expect(result.stdout).toContain('MAPPING_FAILED');
  });

  it.each([
    [['run', 'flow.yaml', '--input', 'not json'], /--input/],
    [['runs', 'list', '--limit', '0'], /--limit/],
    [['runs', 'list', '--status', 'sleeping'], /--status/],
    [['ledger', 'show', 'x', '--status', 'lost'], /--status/],
    [['simulate', 'sap'], /未知的系统 "sap"，可选：dingtalk, k3cloud, jdy, feishu/],
    [['simulate', 'dingtalk', '--faults', 'explode=2'], /--faults/],
    [['simulate', 'dingtalk', '--port', '99999'], /--port/],
    [['serve', '--port', 'eighty'], /--port/],
  ])('rejects bad arguments %j with exit code 2', async (args, message) => {
    const result = await runQiao(['--data-dir', dataDir, ...args], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which data directory holds no runs, and that an unknown sync has no ledger', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'qiao-cli-empty-'));
    const runs = await runQiao(['--data-dir', empty, 'runs', 'list']);
    expect([runs.code, runs.stdout.trim()]).toEqual([0, `没有运行记录（数据目录 ${empty}）`]);
    const ledger = await runQiao(['--data-dir', empty, 'ledger', 'nosuchsync']);
    expect(ledger.code).toBe(2);
    expect(ledger.stderr).toContain('nosuchsync');
  });

  it('shows a missing run as a clear error', async () => {
    const result = await runQiao(['--data-dir', dataDir, 'runs', 'show', 'no-such-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-run');
  });
});
