// The Docker policy checked at validation (SEMANTICS.md "Docker policy"): no privileged containers,
// no host network, no Docker socket, no capabilities or devices, no sensitive host paths.
import { posix } from 'node:path';
import type { DiagnosticSink } from './diagnostic-sink.js';
import type { RawTable } from './field-readers.js';
import { formatPath } from './key-path.js';
import type { KeyPath } from './source-map.js';

/** Host paths that may not be mounted, nor anything under them. `/run` and `/var/run` hold the Docker socket. */
const FORBIDDEN_HOST_ROOTS = ['/etc', '/root', '/proc', '/sys', '/run', '/var/run'];

/** Why a volume string is refused, or undefined when it is allowed. */
export function volumeViolation(volume: string): string | undefined {
  const parts = volume.split(':');
  if (parts.some((part) => part.trim().replace(/\/+$/, '').endsWith('docker.sock'))) {
    return 'mounts the Docker socket, which gives full control of the host';
  }
  if (parts.length < 2) return undefined; // an anonymous volume: only a container path
  const host = parts[0]?.trim() ?? '';
  if (!host.startsWith('/')) return undefined; // a relative path or a named volume
  const normalised = posix.normalize(host).replace(/(.)\/+$/, '$1');
  if (normalised === '/') return 'mounts the host root directory /';
  const root = FORBIDDEN_HOST_ROOTS.find((r) => normalised === r || normalised.startsWith(`${r}/`));
  return root ? `mounts the sensitive host path ${normalised}` : undefined;
}

/**
 * Reports policy violations in a `[steps.docker]` or `[steps.inline_code]` table at `path`:
 * each is a POLICY_VIOLATION located at the offending key (or volume entry).
 */
export function checkDockerPolicy(table: RawTable, path: KeyPath, sink: DiagnosticSink): void {
  const at = (...keys: (string | number)[]) => [...path, ...keys];
  if (table.privileged === true) {
    sink.error(
      'POLICY_VIOLATION',
      at('privileged'),
      `${formatPath(at('privileged'))}: privileged containers are not allowed`,
      'remove privileged; containers run with all capabilities dropped',
    );
  }
  if (typeof table.network === 'string' && table.network.trim().toLowerCase() === 'host') {
    sink.error(
      'POLICY_VIOLATION',
      at('network'),
      `${formatPath(at('network'))}: the host network is not allowed`,
      'use network = "none" (the default) or "bridge"',
    );
  }
  if (Array.isArray(table.volumes)) {
    table.volumes.forEach((volume, index) => {
      const why = typeof volume === 'string' ? volumeViolation(volume) : undefined;
      if (why) {
        const where = at('volumes', index);
        sink.error(
          'POLICY_VIOLATION',
          where,
          `${formatPath(where)} "${volume}" ${why}`,
          'mount only the project folders the step needs',
        );
      }
    });
  }
  for (const key of ['cap_add', 'devices'] as const) {
    const value = table[key];
    if (Array.isArray(value) && value.length > 0) {
      const what = key === 'cap_add' ? 'adding capabilities is' : 'mapping host devices is';
      sink.error('POLICY_VIOLATION', at(key), `${formatPath(at(key))}: ${what} not allowed`, `remove ${key}`);
    }
  }
}
