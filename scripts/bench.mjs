#!/usr/bin/env node
// `npm run bench [-- --json] [-- filter]`: the server's benchmarks, then the console's bundle size.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const run = (workspace, extra) =>
  spawnSync('npm', ['run', '--silent', 'bench', '-w', workspace, '--', ...extra], { stdio: 'inherit' })
    .status ?? 1;

const filters = args.filter((a) => !a.startsWith('--'));
let status = run('@qiao/server', args);
if (filters.length === 0 || filters.some((f) => 'console-bundle'.includes(f))) {
  status =
    run(
      '@qiao/console',
      args.filter((a) => a === '--json'),
    ) || status;
}
process.exit(status);
