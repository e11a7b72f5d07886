import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { announceSkip, deployedApps, repoRoot, sampleSecrets, serviceUrls, startAppProcess, type AppProcess } from '@srw/test-support';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * `nx build` of the six apps, and what their images rely on: the bundle needs nothing but the
 * packages its generated package.json lists, the pruned lockfile installs them, and the bundle starts
 * from its own folder (`node main.js`, as the image's CMD runs it).
 */
const outputOf = (app: string) => join(repoRoot, 'dist/apps', app);
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const workspaceManifest = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(join(repoRoot, 'package.json'));
const scratch = mkdtempSync(join(tmpdir(), 'app-bundles-'));

/** Every setting some app requires, valid for all six (each reads its own keys and ignores the rest). */
const startEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'],
  HOME: process.env['HOME'],
  PORT: '0',
  DATA_DIR: dataDir,
  EMBEDDED_DURABILITY: 'process',
  ...sampleSecrets(),
  // Nothing listens on the discard port: no app may need connector-auth to start.
  CONNECTOR_AUTH_URL: 'http://127.0.0.1:9',
  PUBLIC_BASE_URL: 'http://127.0.0.1:9',
  JWT_ISSUER: 'app-bundles-spec',
  JWT_AUDIENCE: 'app-bundles-spec',
});

const running: AppProcess[] = [];
afterEach(() => {
  // Only if a test failed half-way: the child it started, by its pid.
  for (const app of running.splice(0)) if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts a bundle from its folder, checks its health, stops it with SIGTERM; returns the answers it got. */
async function startAndProbe(name: string, folder: string, env: NodeJS.ProcessEnv, paths: string[]): Promise<Record<string, number>> {
  const app = startAppProcess(name, 'main.js', { cwd: folder, env, nodeArgs: [] });
  running.push(app);
  const url = await app.startedUrl();
  const statuses: Record<string, number> = {};
  for (const path of paths) statuses[path] = (await fetch(url + path)).status;
  app.child.kill('SIGTERM');
  const exit = await app.exited;
  expect(exit, app.tail()).toEqual({ code: 0, signal: null });
  return statuses;
}

describe('nx build of each app', () => {
  beforeAll(() => {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...deployedApps, '--skip-nx-cache', '--outputStyle=static'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
  }, 300_000);

  it.each(deployedApps)('%s: the output is the bundle, its source map and metafile, its package.json and lockfile', (app) => {
    // config-api also holds its admin page's browser script, prebuilt (the image has no sources and no esbuild).
    const extra = app === 'config-api' ? ['admin-page.js'] : [];
    expect(readdirSync(outputOf(app)).sort()).toEqual([...extra, 'main.js', 'main.js.map', 'meta.json', 'package-lock.json', 'package.json'].sort());
  });

  it.each(deployedApps)('%s: the bundle imports only Node built-ins and the packages its package.json lists', (app) => {
    const meta = readJson<{ outputs: Record<string, { imports: { path: string; external?: boolean }[] }> }>(join(outputOf(app), 'meta.json'));
    const { dependencies } = readJson<{ dependencies: Record<string, string> }>(join(outputOf(app), 'package.json'));
    const packageOf = (path: string) => path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/');
    const imported = new Set(
      Object.values(meta.outputs)
        .flatMap((output) => output.imports)
        .filter((i) => i.external && !i.path.startsWith('node:'))
        .map((i) => packageOf(i.path)),
    );
    expect([...imported].filter((name) => !(name in dependencies))).toEqual([]);
    // Our own libs are inside the bundle, never a dependency to install.
    expect(Object.keys(dependencies).filter((name) => name.startsWith('@srw/'))).toEqual([]);
  });

  it.each(deployedApps)('%s: its package.json lists production dependencies of the workspace only, at their versions, and its lockfile the same', (app) => {
    const manifest = readJson<{ dependencies: Record<string, string>; devDependencies?: object; type: string; main: string }>(join(outputOf(app), 'package.json'));
    const lock = readJson<{ packages: Record<string, { dependencies?: Record<string, string>; version?: string }> }>(join(outputOf(app), 'package-lock.json'));
    expect(manifest).toMatchObject({ type: 'module', main: './main.js' });
    expect(manifest.devDependencies).toBeUndefined();
    expect(Object.keys(manifest.dependencies).filter((name) => !(name in workspaceManifest.dependencies))).toEqual([]);
    expect(Object.keys(lock.packages['']?.dependencies ?? {}).sort()).toEqual(Object.keys(manifest.dependencies).sort());
    for (const [name, version] of Object.entries(manifest.dependencies)) expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
  });

  it.each(deployedApps)('%s: node main.js in its output folder starts on embedded adapters and answers /healthz 200', async (app) => {
    const statuses = await startAndProbe(app, outputOf(app), startEnv(join(scratch, app)), ['/healthz']);
    expect(statuses).toEqual({ '/healthz': 200 });
  });

  describe('config-api alone in an empty folder, as in its image', () => {
    const { kafkaBrokers, mongoUrl } = serviceUrls();
    const database = `app_bundles_${randomUUID().slice(0, 8)}`;
    if (!kafkaBrokers?.length || !mongoUrl) announceSkip('config-api bundle on Kafka and MongoDB', 'KAFKA_BROKERS or MONGODB_URL not set; it runs on embedded adapters');
    afterAll(async () => {
      if (!mongoUrl) return;
      const client = await MongoClient.connect(mongoUrl);
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    });

    it(
      'installs only its lockfile’s packages (npm ci --omit=dev), starts, is ready on the servers and serves its reference page’s files',
      async () => {
        const folder = join(scratch, 'config-api-image');
        cpSync(outputOf('config-api'), folder, { recursive: true });
        execFileSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: folder, stdio: 'ignore' });
        const servers = kafkaBrokers?.length && mongoUrl ? { KAFKA_BROKERS: kafkaBrokers.join(','), MONGODB_URL: mongoUrl, MONGODB_DATABASE: database } : {};
        const paths = ['/healthz', '/readyz', '/v1/openapi.json', '/v1/reference', '/v1/reference/swagger-ui-bundle.js', '/admin', '/admin/admin.js'];
        const statuses = await startAndProbe('config-api', folder, { ...startEnv(join(scratch, 'config-api-image-data')), ...servers }, paths);
        expect(statuses).toEqual(Object.fromEntries(paths.map((path) => [path, 200])));
      },
      180_000,
    );
  });
});
