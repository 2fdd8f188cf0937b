import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isOwnAddress, refusedRange } from './egress-addresses.js';
import { parseHttpAllowList } from './egress-allow-list.js';

describe('refusedRange', () => {
  it.each([
    ['0.0.0.0', '0.0.0.0/8'],
    ['10.1.2.3', '10.0.0.0/8'],
    ['100.64.0.1', '100.64.0.0/10'],
    ['100.127.255.254', '100.64.0.0/10'],
    ['127.0.0.1', '127.0.0.0/8'],
    ['127.255.1.2', '127.0.0.0/8'],
    ['169.254.169.254', '169.254.0.0/16'],
    ['172.16.0.1', '172.16.0.0/12'],
    ['172.31.255.255', '172.16.0.0/12'],
    ['192.168.1.1', '192.168.0.0/16'],
    ['198.18.0.1', '198.18.0.0/15'],
    ['224.0.0.251', '224.0.0.0/4'],
    ['255.255.255.255', '240.0.0.0/4'],
    ['::', '::/128'],
    ['::1', '::1/128'],
    ['[::1]', '::1/128'],
    ['fc00::1', 'fc00::/7'],
    ['fd12:3456::1', 'fc00::/7'],
    ['fe80::1', 'fe80::/10'],
    ['fe80::1%eth0', 'fe80::/10'],
    ['ff02::1', 'ff00::/8'],
  ])('refuses %s (%s)', (address, cidr) => {
    expect(refusedRange(address)?.cidr).toBe(cidr);
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.0/8'],
    ['::ffff:7f00:1', '127.0.0.0/8'],
    ['::ffff:169.254.169.254', '169.254.0.0/16'],
    ['::ffff:10.0.0.1', '10.0.0.0/8'],
    ['::127.0.0.1', '::7f00:0/104'],
    ['::a00:1', '::a00:0/104'],
    ['64:ff9b::7f00:1', '64:ff9b::7f00:0/104'],
    ['64:ff9b::a9fe:a9fe', '64:ff9b::a9fe:0/112'],
    ['2002:7f00:1::1', '2002:7f00:0::/24'],
    ['2002:c0a8:101::', '2002:c0a8:0::/32'],
  ])('refuses the IPv4 address inside %s (%s)', (address, cidr) => {
    expect(refusedRange(address)?.cidr).toBe(cidr);
  });

  it('names the kind of range', () => {
    expect(refusedRange('127.0.0.1')?.kind).toBe('loopback');
    expect(refusedRange('::ffff:127.0.0.1')?.kind).toBe('loopback');
    expect(refusedRange('64:ff9b::7f00:1')?.kind).toBe('loopback, inside an NAT64 IPv6 address');
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('lets public %s through', (address) => {
    expect(refusedRange(address)).toBeUndefined();
  });

  it('treats a host name as no address', () => {
    expect(refusedRange('localhost')?.kind).toBe('not an IP address');
  });
});

describe('isOwnAddress', () => {
  it("knows every address of the host's interfaces, and not a public one", () => {
    const own = Object.values(networkInterfaces()).flatMap((entries) => (entries ?? []).map((e) => e.address));
    expect(own.length).toBeGreaterThan(0);
    for (const address of own) expect(isOwnAddress(address)).toBe(true);
    expect(isOwnAddress('203.0.113.77')).toBe(false);
  });
});

describe('parseHttpAllowList', () => {
  const to = (hostname: string, address: string, port: number) => ({ hostname, address, port });

  /** Per rule: allow-list entries, and connections (host name, resolved address, port, allowed or not). */
  const RULES: Record<string, { entries: string[]; connections: [string, string, number, boolean][] }> = {
    'a bare IP on every port, in its IPv4-mapped form too': {
      entries: ['127.0.0.1'],
      connections: [
        ['127.0.0.1', '127.0.0.1', 80, true],
        ['x', '::ffff:127.0.0.1', 8080, true],
        ['127.0.0.2', '127.0.0.2', 80, false],
      ],
    },
    'ip:port and [ipv6]:port on that port only': {
      entries: ['10.0.0.5:8080', '[::1]:9000'],
      connections: [
        ['10.0.0.5', '10.0.0.5', 8080, true],
        ['10.0.0.5', '10.0.0.5', 8081, false],
        ['::1', '::1', 9000, true],
        ['::1', '::1', 9001, false],
      ],
    },
    'CIDR ranges of both families': {
      entries: ['10.1.2.0/24', 'fd00::/8'],
      connections: [
        ['a', '10.1.2.200', 1, true],
        ['a', '10.1.3.1', 1, false],
        ['a', 'fd00::7', 1, true],
        ['a', 'fc00::7', 1, false],
      ],
    },
    'a host name (any case, trailing dot) and host:port, whatever it resolves to': {
      entries: ['Metrics.Internal', 'db.internal:5432'],
      connections: [
        ['metrics.internal.', '10.9.9.9', 443, true],
        ['db.internal', '10.0.0.2', 5432, true],
        ['db.internal', '10.0.0.2', 80, false],
        ['evil.example', '10.9.9.9', 443, false],
      ],
    },
  };

  it.each(Object.entries(RULES))('allows %s', (_rule, { entries, connections }) => {
    const list = parseHttpAllowList(entries);
    const answers = connections.map(([hostname, address, port]) => list.allows(to(hostname, address, port)));
    expect(answers).toEqual(connections.map(([, , , allowed]) => allowed));
  });

  it('refuses malformed entries with INVALID_VALUE naming them', () => {
    for (const entry of ['10.0.0.0/33', 'host:99999', 'not a host', '::1/200', 'http://x']) {
      expect(() => parseHttpAllowList([entry])).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
      expect(() => parseHttpAllowList([entry])).toThrow(entry);
    }
    expect(parseHttpAllowList(['', ' ']).allows(to('a', '10.0.0.1', 1))).toBe(false);
  });
});
