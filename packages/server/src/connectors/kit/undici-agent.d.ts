// Types of undici's Agent module, imported by its path to leave the rest of undici unloaded
// (undici-transport.ts). The package has no `exports` map, so the path resolves as a file; the
// lockfile pins the version that has it there.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}
