// The IP ranges untrusted HTTP steps may not reach (loopback, private, link-local ...), their IPv6 embeddings, and the host's own addresses.
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Why an address is refused: the range it falls in and what that range is. */
export interface RefusedRange {
  /** The range, e.g. `127.0.0.0/8`. */
  cidr: string;
  /** What the range is, e.g. `loopback`. */
  kind: string;
}

/**
 * The ranges that lead into the server's host or its private networks, IPv6 first. IPv4-mapped addresses
 * (::ffff:a.b.c.d) match the IPv4 ranges directly.
 */
const RANGES: readonly [cidr: string, kind: string][] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fc00::/7', 'unique local (ULA)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'CGNAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved or broadcast'],
];

/** IPv6 forms that carry an IPv4 address inside: its range is refused inside them too. */
const IPV4_EMBEDDINGS: readonly { name: string; prefix: (groups: string) => string; bits: number }[] = [
  { name: 'IPv4-compatible', prefix: (groups) => `::${groups}`, bits: 96 },
  { name: 'NAT64', prefix: (groups) => `64:ff9b::${groups}`, bits: 96 },
  { name: '6to4', prefix: (groups) => `2002:${groups}::`, bits: 16 },
];

interface Rule {
  list: BlockList;
  range: RefusedRange;
}

/** `cidr` split into its address, prefix length and family. */
function subnet(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefix = ''] = cidr.split('/');
  return { address, prefix: Number(prefix), family: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

function rule(cidr: string, kind: string): Rule {
  const { address, prefix, family } = subnet(cidr);
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return { list, range: { cidr, kind } };
}

/** `a.b.c.d` as two IPv6 groups `xxxx:xxxx`. */
function ipv4Groups(address: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** The IPv4 ranges again, inside each IPv6 form that embeds an IPv4 address. */
function embeddedRules(): Rule[] {
  const ipv4 = RANGES.map(([cidr, kind]) => ({ ...subnet(cidr), kind })).filter((range) => range.family === 'ipv4');
  return IPV4_EMBEDDINGS.flatMap((embedding) =>
    ipv4.map(({ address, prefix, kind }) =>
      rule(
        `${embedding.prefix(ipv4Groups(address))}/${embedding.bits + prefix}`,
        `${kind}, inside an ${embedding.name} IPv6 address`,
      ),
    ),
  );
}

let rules: readonly Rule[] | undefined;

/** The refused ranges as block lists, built on first use: building them takes milliseconds every CLI start would pay. */
function refusedRules(): readonly Rule[] {
  rules ??= [...RANGES.map(([cidr, kind]) => rule(cidr, kind)), ...embeddedRules()];
  return rules;
}

/** An address without brackets or an IPv6 zone (`fe80::1%eth0`), and its family; undefined when it is no IP. */
export function ipFamily(text: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const address = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 0) return undefined;
  return { address, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * The refused range an IP address falls in (loopback, private, CGNAT, link-local, ULA, unspecified, multicast,
 * and the IPv4-mapped, -compatible, NAT64 and 6to4 forms of those), or undefined for an address one may reach.
 *
 * @example
 * refusedRange('::ffff:127.0.0.1'); // { cidr: '127.0.0.0/8', kind: 'loopback' }
 */
export function refusedRange(text: string): RefusedRange | undefined {
  const ip = ipFamily(text);
  if (ip === undefined) return { cidr: text, kind: 'not an IP address' };
  return refusedRules().find((candidate) => candidate.list.check(ip.address, ip.family))?.range;
}

/** True when the address is one of this host's own interface addresses (whatever range it is in). */
export function isOwnAddress(text: string): boolean {
  const ip = ipFamily(text);
  if (ip === undefined) return false;
  const own = new BlockList();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      const local = ipFamily(entry.address);
      if (local) own.addAddress(local.address, local.family);
    }
  }
  return own.check(ip.address, ip.family);
}
