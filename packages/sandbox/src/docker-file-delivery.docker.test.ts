// DockerSandbox file delivery against a real engine: read-only binds of a temp folder locally, the archive API otherwise.
import { readdirSync } from 'node:fs';
import { serviceReady, useTempDir } from '@skill/test-kit';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leftoverContainers, runSpec, TINY_IMAGE } from '../test/docker-run-spec.js';
import { planFileMounts } from './docker-file-mounts.js';
import { DockerSandbox } from './docker-sandbox.js';
import type { SandboxRunSpec } from './sandbox.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const NO_TMP_IMAGE = `skill-test/no-tmp:${process.pid}`;
const STEP = `sandbox-files-test-${process.pid}`;
const docker = new Docker();
const bound = new DockerSandbox({ docker, stopGraceMs: 300 });
const archived = new DockerSandbox({ docker, stopGraceMs: 300, fileDelivery: 'archive' });
// os.tmpdir() follows TMPDIR: the sandbox's temp folders land here, so leftovers are visible.
const savedTmpdir = process.env.TMPDIR;
const hostTmp = useTempDir('sandbox-files-test-');

/** The /tmp/skill line of the container's mount table, e.g. `/tmp/skill ro`, or `none`. */
const SHOW_MOUNT =
  'awk \'$2 == "/tmp/skill" { split($4, o, ","); print $2, o[1]; found = 1 } END { if (!found) print "none" }\' /proc/mounts';

const spec = (command: string[], extra: Partial<SandboxRunSpec> = {}) => runSpec(STEP, command, extra);

const FILES = [
  { path: '/tmp/skill/main.sh', content: 'echo "main ran as $(id -u)"\n' },
  { path: '/tmp/skill/lib/data.txt', content: new TextEncoder().encode('nested data\n'), mode: 0o600 },
];

beforeAll(() => {
  process.env.TMPDIR = hostTmp();
});

afterEach(() => {
  expect(readdirSync(hostTmp())).toEqual([]); // every run removed its temp folder
});

afterAll(async () => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  if (!dockerReady) return;
  await docker
    .getImage(NO_TMP_IMAGE)
    .remove({ force: true })
    .catch(() => undefined);
  expect(await leftoverContainers(docker, STEP)).toBe(0);
});

describe('planFileMounts', () => {
  it('binds folders below /tmp (nested ones into the outermost) and refuses /, /tmp itself and other folders', () => {
    const groups = planFileMounts([
      { path: '/tmp/skill/lib/a.py', content: 'a' },
      { path: '/tmp/skill/main.py', content: 'm' },
      { path: '/tmp/other//b.txt', content: 'b' },
    ]);
    expect(groups?.map((g) => [g.target, g.files.map((f) => f.relative)])).toEqual([
      ['/tmp/other', ['b.txt']],
      ['/tmp/skill', ['lib/a.py', 'main.py']],
    ]);
    expect(planFileMounts([{ path: '/tmp/main.py', content: '' }])).toBeUndefined();
    expect(planFileMounts([{ path: '/main.py', content: '' }])).toBeUndefined();
    expect(planFileMounts([{ path: '/app/config.json', content: '' }])).toBeUndefined();
    expect(planFileMounts([{ path: '/tmpfoo/x', content: '' }])).toBeUndefined();
  });
});

describe.skipIf(!dockerReady)('DockerSandbox file delivery', () => {
  it('binds files below /tmp read-only from a temp folder that is gone afterwards, metadata still works', async () => {
    const script = [
      'sh /tmp/skill/main.sh',
      'cat /tmp/skill/lib/data.txt',
      'stat -c "%a" /tmp/skill /tmp/skill/main.sh /tmp/skill/lib/data.txt',
      SHOW_MOUNT,
      'touch /tmp/skill/new 2>&1 || echo write refused',
      'stat -c "%a" /tmp',
      'echo "rows=2" > "$SKILL_METADATA"',
    ].join('; ');
    const result = await bound.run(spec(['sh', '-c', script], { files: FILES, metadata: true, user: '0' }));
    expect(result.stdout).toBe(
      'main ran as 0\nnested data\n755\n644\n600\n/tmp/skill ro\n' +
        "touch: cannot touch '/tmp/skill/new': Read-only file system\nwrite refused\n1777\n",
    );
    expect(result.metadataText).toBe('rows=2\n');
    expect(result.exitCode).toBe(0);
  });

  it('nobody reads the bound files and writes SKILL_METADATA', async () => {
    const result = await bound.run(
      spec(['sh', '-c', 'sh /tmp/skill/main.sh; echo "ok=1" > "$SKILL_METADATA"'], {
        files: [FILES[0] as NonNullable<SandboxRunSpec['files']>[number]],
        metadata: true,
        workdir: '/tmp/skill',
      }),
    );
    expect(result.stdout).toBe('main ran as 65534\n');
    expect(result.metadataText).toBe('ok=1\n');
  });

  it("fileDelivery 'archive' uploads the files instead (no mount; /tmp 1777 for SKILL_METADATA)", async () => {
    const script = [
      'sh /tmp/skill/main.sh',
      'cat /tmp/skill/lib/data.txt',
      SHOW_MOUNT,
      'stat -c "%a %u" /tmp /tmp/skill',
    ];
    const result = await archived.run(
      spec(['sh', '-c', script.join('; ')], { files: FILES, metadata: true, user: '0' }),
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('main ran as 0\nnested data\nnone\n1777 0\n755 0\n');
  });

  it('files outside /tmp fall back to the archive even with a local engine', async () => {
    const result = await bound.run(
      spec(['sh', '-c', `cat /tmp/top.txt /opt/in/x.txt; ${SHOW_MOUNT}`], {
        files: [
          { path: '/tmp/top.txt', content: 'top\n' },
          { path: '/opt/in/x.txt', content: 'x\n' },
        ],
      }),
    );
    expect(result.stdout).toBe('top\nx\nnone\n');
  });

  it('removes the temp folder when the run fails before a container exists', async () => {
    const error = await bound
      .run(spec(['true'], { image: 'skill-test/missing:404', pull: 'never', files: FILES }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMAGE_UNAVAILABLE' });
  });

  it('creates a writable /tmp for SKILL_METADATA when the image has none', async () => {
    const maker = await docker.createContainer({ Image: TINY_IMAGE, Cmd: ['rm', '-rf', '/tmp'], User: '0' });
    try {
      await maker.start();
      expect((await maker.wait()).StatusCode).toBe(0);
      const [repo, tag] = NO_TMP_IMAGE.split(':');
      await maker.commit({ repo, tag });
    } finally {
      await maker.remove({ force: true });
    }
    const bare = await docker.createContainer({ Image: NO_TMP_IMAGE, Cmd: ['true'] });
    await expect(bare.infoArchive({ path: '/tmp' })).rejects.toMatchObject({ statusCode: 404 });
    await bare.remove({ force: true });
    for (let round = 1; round <= 2; round++) {
      const result = await bound.run(
        spec(['sh', '-c', 'sh /tmp/skill/main.sh; stat -c "%a" /tmp; echo "round=1" > "$SKILL_METADATA"'], {
          image: NO_TMP_IMAGE,
          files: [FILES[0] as NonNullable<SandboxRunSpec['files']>[number]],
          metadata: true,
        }),
      );
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('main ran as 65534\n1777\n');
      expect(result.metadataText).toBe('round=1\n');
    }
  });
});
