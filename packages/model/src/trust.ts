// Trust levels (SEMANTICS.md "Trust") and what each may do: the one table validation and run time both read.

/**
 * The three levels of the guide, highest first: `trusted` (your team's reviewed workflows: the
 * workflows folder or a file given on the local CLI), `community` (Docker isolation always),
 * `user-provided` (isolated, strict limits, no network; the default for API/MCP-created workflows).
 */
export const TRUST_LEVELS = ['trusted', 'community', 'user-provided'] as const;

/** One of {@link TRUST_LEVELS}. */
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** Default limits of a container, applied when the step sets none. */
export interface ContainerDefaults {
  memoryBytes: number;
  pidsLimit: number;
  /** Size of the tmpfs mounted at `/tmp`. */
  tmpBytes: number;
  cpus?: number;
}

/** What workflows of one level may do. */
export interface TrustRules {
  /** `command` steps, `unsafe_native` code and `{raw ...}` templates: work on the host. */
  hostExecution: boolean;
  /** Bind mounts: anywhere the Docker policy allows, or only below the server's data folder. */
  bindMounts: 'docker-policy' | 'data-folder';
  /** A container user of uid 0 / `root`. */
  rootUser: boolean;
  /** Container networks: any but the host's, or only `none` and those the server allows by name. */
  networks: 'any' | 'allowed-only';
  /** Outbound HTTP to loopback, link-local, private and the server's own addresses. */
  privateAddresses: boolean;
  /** Limits a container gets when its step sets none. */
  containerDefaults: ContainerDefaults;
  /** The most a step may ask for (absent: no cap). */
  containerMaxima?: { memoryBytes: number; cpus: number };
  /** Every secret (true) or only those the server allows by name. */
  allSecrets: boolean;
}

const MiB = 1024 * 1024;

/** The rules of each level. */
export const TRUST_RULES: Readonly<Record<TrustLevel, TrustRules>> = {
  trusted: {
    hostExecution: true,
    bindMounts: 'docker-policy',
    rootUser: true,
    networks: 'any',
    privateAddresses: true,
    containerDefaults: { memoryBytes: 2048 * MiB, pidsLimit: 512, tmpBytes: 1024 * MiB },
    allSecrets: true,
  },
  community: {
    hostExecution: false,
    bindMounts: 'data-folder',
    rootUser: false,
    networks: 'any',
    privateAddresses: false,
    containerDefaults: { memoryBytes: 1024 * MiB, pidsLimit: 256, tmpBytes: 512 * MiB },
    allSecrets: false,
  },
  'user-provided': {
    hostExecution: false,
    bindMounts: 'data-folder',
    rootUser: false,
    networks: 'allowed-only',
    privateAddresses: false,
    containerDefaults: { memoryBytes: 512 * MiB, pidsLimit: 128, tmpBytes: 256 * MiB, cpus: 1 },
    containerMaxima: { memoryBytes: 2048 * MiB, cpus: 2 },
    allSecrets: false,
  },
};

/**
 * The lower of two levels: a workflow may lower its own level, never raise it.
 *
 * @example
 * lowerTrust('trusted', 'community'); // 'community'
 */
export function lowerTrust(a: TrustLevel, b: TrustLevel): TrustLevel {
  return TRUST_LEVELS.indexOf(a) >= TRUST_LEVELS.indexOf(b) ? a : b;
}

/** True for a known level name. */
export function isTrustLevel(value: unknown): value is TrustLevel {
  return typeof value === 'string' && (TRUST_LEVELS as readonly string[]).includes(value);
}

/**
 * Where the trust boundary of one execution lies: its level and what the server grants below
 * `trusted`. Executors read it from their context; validation reads the same rules.
 */
export interface TrustBoundary {
  level: TrustLevel;
  /** The only host folder (absolute, resolved) that community/user-provided containers may bind below. */
  dataDir?: string;
  /** Docker networks that user-provided containers may join by name (besides `none`). */
  allowedNetworks: readonly string[];
  /** Hosts, addresses or CIDR ranges that untrusted HTTP steps may reach although they are private. */
  allowedHttpTargets: readonly string[];
}

/** The boundary of a trusted execution: no extra grants needed. */
export const TRUSTED_BOUNDARY: TrustBoundary = { level: 'trusted', allowedNetworks: [], allowedHttpTargets: [] };
