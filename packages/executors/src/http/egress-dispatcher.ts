// An undici Agent whose every connection (first request, keep-alive reconnect, any redirect hop) is checked at connect time.
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { type EgressPolicy, type HostResolver, vettedAddress } from './egress-guard.js';

/**
 * A connector that resolves the host itself, refuses the connection when any address it resolves to is
 * refused, and connects to the vetted address (TLS still checks the certificate against the host name).
 */
function guardedConnector(policy: EgressPolicy, resolve: HostResolver): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    vettedAddress(options.hostname, port, policy, resolve).then(
      (address) => connect({ ...options, hostname: address }, callback),
      (error: Error) => callback(error, null),
    );
  };
}

/**
 * The dispatcher of an untrusted execution: a direct connection (never a proxy from the environment or a
 * global dispatcher, which would connect on the step's behalf unchecked) through {@link guardedConnector}.
 */
export function guardedDispatcher(policy: EgressPolicy, resolve: HostResolver): Dispatcher {
  return new Agent({ connect: guardedConnector(policy, resolve) });
}
