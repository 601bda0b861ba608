/**
 * Kindred never sends a byte: a real `kindred scan` with faces on (so ONNX Runtime sessions are created, and ExifTool,
 * sharp, hnswlib run) is traced with strace, on a machine that does not look like CI (ONNX Runtime's telemetry turns
 * itself off when it sees CI variables, which would hide it), in a fresh HOME where anything written is visible.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModelBuilt } from '../../native-models/model-build.js';
import { runCli } from '../testing/run-cli.js';
import { fixturesDir } from '../testing/shared-faces.js';
import { makeTempDir } from '../testing/temp-dir.js';

/** Variables whose presence makes ONNX Runtime switch its telemetry off by itself (CI detection), plus `CI`. */
const CI_VARIABLES = [
  'CI',
  'TF_BUILD',
  'GITHUB_ACTIONS',
  'GITLAB_CI',
  'CIRCLECI',
  'TRAVIS',
  'JENKINS_URL',
  'CODEBUILD_BUILD_ID',
  'BUILDKITE',
  'TEAMCITY_VERSION',
  'SYSTEM_TEAMFOUNDATIONCOLLECTIONURI',
];
/** Also removed: the switch itself (Kindred must set it, not the test's caller) and what would move caches out of HOME. */
const OTHER_REMOVED = ['ORT_DISABLE_TELEMETRY', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'KINDRED_DB'];

/** Photos with faces, from the committed fixtures. */
const PHOTOS = ['astronaut.png', 'grace_hopper_512x512.jpg', 'camera.png'];

const straceProbe = spawnSync('strace', ['-V'], { stdio: 'ignore' });
const straceMissing = straceProbe.error !== undefined || straceProbe.status !== 0;
// CI installs strace (.ci/run), so there a missing strace fails the test; elsewhere it is skipped, saying so.
const skip = straceMissing && !process.env.CI;
const SKIP_NOTE = skip ? ' (skipped: strace is not installed; apt-get install strace)' : '';

/**
 * The connect() calls of an `strace -f -e trace=connect` log that leave the machine: anything but a Unix socket or
 * loopback. Port 53 counts even on loopback: a DNS query to a local stub resolver is forwarded to the network.
 */
function remoteConnects(trace: string): string[] {
  return trace
    .split('\n')
    .filter((line) => /\bconnect\(/.test(line))
    .filter((line) => {
      const family = /sa_family=(AF_\w+)/.exec(line)?.[1];
      const port = Number(/sin6?_port=htons\((\d+)\)/.exec(line)?.[1]);
      switch (family) {
        case 'AF_UNIX':
          return false;
        case 'AF_INET': {
          const ip = /sin_addr=inet_addr\("([^"]+)"\)/.exec(line)?.[1];
          return !(ip?.startsWith('127.') && port !== 53);
        }
        case 'AF_INET6': {
          const ip = /inet_pton\(AF_INET6, "([^"]+)"/.exec(line)?.[1];
          return !((ip === '::1' || ip?.startsWith('::ffff:127.')) && port !== 53);
        }
        default:
          return true; // another family, or an address strace could not read
      }
    });
}

/** Why face analysis failed, as the scan recorded it. */
function analysisErrors(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT DISTINCT error FROM photo_analyses WHERE error IS NOT NULL').pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Every file and folder under `dir`, relative to it. */
function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('the trace parser', () => {
  it('passes Unix sockets and loopback, flags everything else', () => {
    const local = [
      '7575  connect(19, {sa_family=AF_UNIX, sun_path="/tmp/tsx-0/7572.pipe"}, 110) = -1 ENOENT (No such file or directory)',
      '10922 connect(19, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS',
      '10922 connect(21, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      '10922 <... connect resumed>) = 0',
      '10924 +++ exited with 0 +++',
    ];
    const remote = [
      '10922 connect(20, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("10.255.255.1")}, 16) = -1 EINPROGRESS',
      '10933 connect(19, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0',
      '10922 connect(22, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) <unfinished ...>',
      '10922 connect(5, {sa_family=AF_UNSPEC, sa_data="\\0\\0"}, 16) = 0',
      '10922 connect(5, 0x7ffd2c, 16) = -1 EFAULT (Bad address)',
    ];
    expect(remoteConnects([...local, ...remote].join('\n'))).toEqual(remote);
  });
});

describe('kindred scan makes no network connection and leaves no tracking id', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    await ensureModelBuilt('accurate');
    ({ dir, cleanup } = makeTempDir('kindred-no-network-'));
  });
  afterAll(() => cleanup?.());

  it.skipIf(skip)(`a traced scan with faces connects only to Unix sockets or loopback, with HOME left empty${SKIP_NOTE}`, async () => {
    if (straceMissing) throw new Error('strace is not installed, and CI must have it (.ci/run installs it)');
    const home = join(dir, 'home');
    const photos = join(dir, 'photos');
    const trace = join(dir, 'connect.trace');
    mkdirSync(home);
    mkdirSync(photos);
    for (const name of PHOTOS) copyFileSync(join(fixturesDir, name), join(photos, name));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    for (const name of [...CI_VARIABLES, ...OTHER_REMOVED]) delete env[name];

    const db = join(dir, 'data', 'kindred.db');
    const scan = await runCli(['--db', db, 'scan', photos, '--json'], { env }, [
      'strace',
      '-f',
      '-e',
      'trace=connect',
      '-o',
      trace,
    ]);
    expect(scan.code, scan.stderr).toBe(0);
    const summary = JSON.parse(scan.stdout) as { read: number; faces: { faces: number; failed: number } };
    expect(summary.read).toBe(PHOTOS.length);
    expect(summary.faces.failed, `face analysis failed: ${analysisErrors(db).join('; ')}`).toBe(0);
    expect(summary.faces.faces, 'the scan must find faces, so that ONNX Runtime sessions were created').toBeGreaterThan(0);

    const log = readFileSync(trace, 'utf8');
    expect(log, 'strace followed the process to its end').toMatch(/\+\+\+ exited with 0 \+\+\+/);
    const offending = remoteConnects(log);
    expect(offending, `connections that leave the machine:\n${offending.join('\n')}`).toEqual([]);

    // ONNX Runtime's telemetry keeps a device id and an event queue here when it is on.
    expect(existsSync(join(home, '.cache', 'Microsoft')), `ONNX Runtime telemetry wrote ${join(home, '.cache', 'Microsoft')}`).toBe(false);
    // With --db elsewhere, a scan has no reason to write into HOME: whatever appears is a cache or an id to look at.
    expect(listTree(home), 'files a scan wrote into a fresh HOME').toEqual([]);
  }, 180_000);
});
