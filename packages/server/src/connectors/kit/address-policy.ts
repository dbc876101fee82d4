import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { bilingual, QiaoError } from '../../errors/index.ts';

/**
 * Outbound address policy for user-defined connectors. Entries are host names (`api.example.com`,
 * `*.example.com`), IP addresses or CIDRs (`10.0.0.0/8`, `fd00::/8`). Default: allow all.
 */
export interface AddressPolicy {
  /** When non-empty, only these may be called. */
  allow?: string[];
  deny?: string[];
}

/** Checks a URL against the policy; throws CONNECTOR_ADDRESS_DENIED. */
export type AddressGuard = (url: string) => Promise<void>;

interface CompiledList {
  hosts: string[];
  suffixes: string[];
  ips: BlockList;
  hasIps: boolean;
}

function compileList(entries: string[] = []): CompiledList {
  const list: CompiledList = { hosts: [], suffixes: [], ips: new BlockList(), hasIps: false };
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family) {
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.ips.addAddress(address, type);
      else list.ips.addSubnet(address, Number(prefix), type);
      list.hasIps = true;
    } else if (entry.startsWith('*.')) list.suffixes.push(entry.slice(1));
    else list.hosts.push(entry);
  }
  return list;
}

function matchesHost(list: CompiledList, host: string): boolean {
  return list.hosts.includes(host) || list.suffixes.some((s) => host.endsWith(s));
}

function matchesIp(list: CompiledList, ip: string): boolean {
  return list.hasIps && list.ips.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Builds the guard. Host names are resolved and every address checked, so a name pointing into a
 * denied network is denied too (the connection itself may still resolve again: see README).
 */
export function createAddressGuard(
  policy: AddressPolicy,
  resolve: (host: string) => Promise<string[]> = defaultResolve,
): AddressGuard {
  const allow = compileList(policy.allow);
  const deny = compileList(policy.deny);
  const allowAll = (policy.allow ?? []).length === 0;
  const noDeny = (policy.deny ?? []).length === 0;
  return async (url) => {
    if (allowAll && noDeny) return;
    const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const ips = isIP(host) ? [host] : await resolve(host).catch(() => []);
    const denied = matchesHost(deny, host) || ips.some((ip) => matchesIp(deny, ip));
    const allowed =
      allowAll || matchesHost(allow, host) || (ips.length > 0 && ips.every((ip) => matchesIp(allow, ip)));
    if (denied || !allowed) {
      throw new QiaoError(
        'CONNECTOR_ADDRESS_DENIED',
        bilingual(`目标地址 ${host} 被策略禁止`, `address ${host} denied by policy`),
        {
          details: { host, addresses: ips },
        },
      );
    }
  };
}

async function defaultResolve(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true });
  return found.map((a) => a.address);
}
