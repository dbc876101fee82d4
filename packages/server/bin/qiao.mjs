#!/usr/bin/env node
// The `qiao` command. Sources are TypeScript, loaded through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
