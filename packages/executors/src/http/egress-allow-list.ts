// The server's HTTP allow-list (SKILL_HTTP_ALLOW): hostnames, `ip`, `ip:port`, `[ipv6]:port` and CIDR ranges untrusted steps may reach.
import { BlockList } from 'node:net';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { ipFamily } from './egress-addresses.js';

/** One connection an HTTP step is about to open. */
export interface EgressTarget {
  /** The host name of the URL (lower case), or the address when the URL names one. */
  hostname: string;
  /** The resolved address the connection goes to. */
  address: string;
  port: number;
}

/** A parsed allow-list: `allows(target)` says whether one connection is granted. */
export interface HttpAllowList {
  allows(target: EgressTarget): boolean;
}

type Entry = (target: EgressTarget) => boolean;

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$/;

function normalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

function portOf(text: string | undefined, entry: string): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw invalidEntry(entry, `port ${text} is not 1-65535`);
  return port;
}

function invalidEntry(entry: string, why: string): WorkflowError {
  return new WorkflowError(
    ErrorCode.InvalidValue,
    `HTTP allow-list entry "${entry}" is invalid: ${why} (use a hostname, an IP, ip:port, [ipv6]:port or a CIDR range such as 10.0.0.0/8)`,
    { retryable: false },
  );
}

function addressEntry(entry: string, address: string, port: number | undefined, prefix?: number): Entry {
  const ip = ipFamily(address);
  if (ip === undefined) throw invalidEntry(entry, `${address} is not an IP address`);
  const list = new BlockList();
  if (prefix === undefined) list.addAddress(ip.address, ip.family);
  else {
    const widest = ip.family === 'ipv4' ? 32 : 128;
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > widest) throw invalidEntry(entry, `prefix /${prefix}`);
    list.addSubnet(ip.address, prefix, ip.family);
  }
  return (target) => {
    const to = ipFamily(target.address);
    return to !== undefined && list.check(to.address, to.family) && (port === undefined || port === target.port);
  };
}

function parseEntry(raw: string): Entry {
  const entry = raw.trim();
  const cidr = /^(.+)\/(\d+)$/.exec(entry);
  if (cidr?.[1] !== undefined) return addressEntry(entry, cidr[1], undefined, Number(cidr[2]));
  if (ipFamily(entry)) return addressEntry(entry, entry, undefined);
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(entry);
  if (bracketed?.[1] !== undefined) return addressEntry(entry, bracketed[1], portOf(bracketed[2], entry));
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  const host = withPort?.[1] ?? entry;
  const port = portOf(withPort?.[2], entry);
  if (ipFamily(host)) return addressEntry(entry, host, port);
  const name = normalHost(host);
  if (!HOSTNAME.test(name)) throw invalidEntry(entry, 'not a hostname, IP or CIDR range');
  return (target) => normalHost(target.hostname) === name && (port === undefined || port === target.port);
}

/**
 * Parses allow-list entries: a hostname (any address it resolves to), an IP, `ip:port`, `[ipv6]:port`,
 * `host:port` or a CIDR range. Throws `INVALID_VALUE` naming a malformed entry.
 *
 * @example
 * parseHttpAllowList(['10.1.2.0/24', 'metrics.internal:9090']).allows({ hostname: '10.1.2.9', address: '10.1.2.9', port: 80 }); // true
 */
export function parseHttpAllowList(entries: readonly string[]): HttpAllowList {
  const parsed = entries.filter((entry) => entry.trim() !== '').map(parseEntry);
  return { allows: (target) => parsed.some((entry) => entry(target)) };
}
