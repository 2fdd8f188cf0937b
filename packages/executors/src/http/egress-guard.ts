// Decides whether an untrusted HTTP step may open a connection to a resolved address; refusals carry EGRESS_REFUSED.
import { lookup } from 'node:dns/promises';
import { ErrorCode, TRUST_RULES, type TrustBoundary, WorkflowError } from '@skill/workflow-model';
import { ipFamily, isOwnAddress, refusedRange } from './egress-addresses.js';
import { type EgressTarget, type HttpAllowList, parseHttpAllowList } from './egress-allow-list.js';

/** Every address a host name resolves to (tests inject one to play DNS rebinding). */
export type HostResolver = (hostname: string) => Promise<readonly { address: string }[]>;

/** The system resolver (`getaddrinfo`, like undici's own connections), every address in its order. */
export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, order: 'verbatim' });

/** What an execution may reach: nothing is checked at `trusted`-like levels (privateAddresses true). */
export interface EgressPolicy {
  /** The execution's level, for messages. */
  level: string;
  allowList: HttpAllowList;
}

/** The policy of a boundary, or undefined when its level may reach private addresses. */
export function egressPolicyOf(boundary: TrustBoundary): EgressPolicy | undefined {
  if (TRUST_RULES[boundary.level].privateAddresses) return undefined;
  return { level: boundary.level, allowList: parseHttpAllowList(boundary.allowedHttpTargets) };
}

function allowHint(target: EgressTarget): string {
  const address = target.address.includes(':') ? `[${target.address}]` : target.address;
  const names = target.hostname === target.address ? '' : `"${target.hostname}", `;
  return `to allow it, add ${names}"${address}:${target.port}" or a CIDR range to the server's HTTP allow-list (SKILL_HTTP_ALLOW)`;
}

/** Why a connection is refused, or undefined when the policy lets it through. */
export function egressRefusal(target: EgressTarget, policy: EgressPolicy): WorkflowError | undefined {
  if (policy.allowList.allows(target)) return undefined;
  const range = refusedRange(target.address);
  const why = range
    ? `a ${range.kind} address (${range.cidr})`
    : isOwnAddress(target.address)
      ? "one of the server's own addresses"
      : undefined;
  if (why === undefined) return undefined;
  const via = target.hostname === target.address ? '' : `${target.hostname} resolves to `;
  return new WorkflowError(
    ErrorCode.EgressRefused,
    `${via}${target.address}, ${why}, which ${policy.level} workflows may not reach; ${allowHint(target)}`,
    { hostname: target.hostname, address: target.address, port: target.port, retryable: false },
  );
}

/**
 * The address a connection to `hostname:port` may use: the host name is resolved once, every address it
 * resolves to is checked, and the connection is then opened to that very address (no second lookup to rebind).
 */
export async function vettedAddress(
  hostname: string,
  port: number,
  policy: EgressPolicy,
  resolve: HostResolver,
): Promise<string> {
  const literal = ipFamily(hostname);
  const addresses = literal ? [literal.address] : (await resolve(hostname)).map((entry) => entry.address);
  if (addresses.length === 0) throw new WorkflowError(ErrorCode.HttpRequestFailed, `${hostname} resolves to nothing`);
  for (const address of addresses) {
    const refusal = egressRefusal({ hostname: hostname.toLowerCase(), address, port }, policy);
    if (refusal) throw refusal;
  }
  return addresses[0] as string;
}
