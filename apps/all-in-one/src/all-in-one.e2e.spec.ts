import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKafkaGroupsAtTopicEnds } from '@srw/bus/testing';
import { topics } from '@srw/contracts';
import { integrationsCollection, jobsCollection, syncRunsCollection, type IntegrationView, type JobView, type SyncRunView } from '@srw/projections';
import { createLogger } from '@srw/observability';
import { createService, type Service } from '@srw/runtime';
import { SqliteTokenVault, TokenCipher } from '@srw/vault';
import { announceSkip, eventually } from '@srw/test-support';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAllInOne, type AllInOne } from './all-in-one-stack';
import type { AllInOneConfig } from './config';
import { demoTenant } from './demo-enable.routes';
import { devSecretsFile } from './dev-secrets';

/** Ports nobody listens on: taken from the system, then released (the SR callback needs a known port). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

const unescape = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] as string);

/** The form of a page as a browser submits it: its action, its hidden inputs and the button clicked. */
function formOf(html: string, button: { name: string; value: string }): { action: string; fields: URLSearchParams } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('the consent page has no form');
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.append(name!, unescape(value!));
  fields.append(button.name, button.value);
  return { action: unescape(action), fields };
}

const real = { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], MONGODB_URL: process.env['MONGODB_URL'] };
const modes: [string, Record<string, string>][] = [['the embedded adapters', {}]];
if (real.KAFKA_BROKERS && real.MONGODB_URL) {
  modes.push([
    'Kafka and the Mongo-wire server',
    { KAFKA_BROKERS: real.KAFKA_BROKERS, MONGODB_URL: real.MONGODB_URL, MONGODB_DATABASE: `all_in_one_e2e_${randomUUID().slice(0, 8)}` },
  ]);
} else {
  announceSkip('all-in-one e2e on real servers', 'KAFKA_BROKERS or MONGODB_URL not set');
}

describe.each(modes)('all-in-one on %s: enable through the SR sandbox', (_mode, serverEnv) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'all-in-one-e2e-'));
  const logLines: string[] = [];
  let allInOne: AllInOne;
  let service: Service<AllInOneConfig>;
  /** The authorization code SR issued: a secret too. */
  let code = '';

  beforeAll(async () => {
    const [port, srPort, willoPort] = (await freePorts(3)) as [number, number, number];
    // Its own consumer groups: on a shared Kafka, another run's stage-projector must not split the partitions with it.
    const groupPrefixes = { projector: `all-in-one-e2e-${randomUUID()}`, poller: `all-in-one-e2e-poller-${randomUUID()}`, replica: `replica-${randomUUID().slice(0, 8)}` };
    if (serverEnv['KAFKA_BROKERS']) {
      // This run produces every message it consumes (a fresh embedded event store behind the relay):
      // its groups start at the topics' current ends. Read from the beginning, the backlog other runs
      // left on the long-lived broker (every run's "demo" tenant included) kept the projector busy past
      // the jobs read model's wait: FerretDB takes 5–10 events a second on this machine.
      await startKafkaGroupsAtTopicEnds(serverEnv['KAFKA_BROKERS'].split(','), [
        { groupId: `${groupPrefixes.projector}.integration`, topics: [topics.integration] },
        { groupId: `${groupPrefixes.projector}.observations`, topics: [topics.observations] },
        { groupId: `${groupPrefixes.poller}.${groupPrefixes.replica}`, topics: [topics.integration, topics.mapping] },
      ]);
    }
    allInOne = createAllInOne();
    service = await createService(allInOne.definition, {
      env: {
        PORT: String(port),
        SR_SANDBOX_PORT: String(srPort),
        WILLO_SANDBOX_PORT: String(willoPort),
        DATA_DIR: dataDir,
        EMBEDDED_DURABILITY: 'process',
        SR_SANDBOX_JOBS: '5',
        SR_SANDBOX_CANDIDATES: '10',
        STAGE_PROJECTOR_GROUP_PREFIX: groupPrefixes.projector,
        SR_POLLER_GROUP_PREFIX: groupPrefixes.poller,
        SR_POLLER_REPLICA_ID: groupPrefixes.replica,
        // The spec waits for the initial sync: a failed attempt is tried again a second later, not a minute.
        SR_POLLER_RETRY_DELAY_MS: '1000',
        ...serverEnv,
      },
      logger: createLogger({ service: 'all-in-one' }, { level: 'debug', write: (line) => logLines.push(line) }),
    });
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    // A database of its own (the embedded event store's positions start again at each run), dropped after.
    if (serverEnv['MONGODB_URL']) {
      const client = new MongoClient(serverEnv['MONGODB_URL']);
      try {
        await client.db(serverEnv['MONGODB_DATABASE']).dropDatabase();
      } finally {
        await client.close();
      }
    }
  });

  it('Enable → SR consent page → callback: the integrations read model shows the tenant connected; the initial sync fills the jobs read model', async () => {
    expect(service.adapters.kinds).toEqual({
      eventStore: 'embedded',
      bus: serverEnv['KAFKA_BROKERS'] ? 'kafka' : 'embedded',
      readStore: serverEnv['MONGODB_URL'] ? 'mongodb' : 'embedded',
    });
    const enableUrl = allInOne.enableUrl()!;
    expect(enableUrl).toBe(`${service.url}/demo/enable`);

    // The browser opens Enable and is sent to SR's consent page.
    const enable = await fetch(enableUrl, { redirect: 'manual' });
    expect(enable.status).toBe(302);
    const consentUrl = new URL(enable.headers.get('location')!);
    expect(`${consentUrl.origin}${consentUrl.pathname}`).toBe(`${allInOne.sandboxes().sr.url}/identity/oauth/allow`);
    const page = await fetch(consentUrl);
    expect(page.status).toBe(200);

    // It submits the consent form (Allow) and SR sends it back to our callback with a code.
    const form = formOf(await page.text(), { name: 'decision', value: 'approve' });
    const allowed = await fetch(new URL(form.action, consentUrl), { method: 'POST', body: form.fields, redirect: 'manual' });
    expect(allowed.status).toBe(302);
    const callback = new URL(allowed.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${service.url}/oauth/callback`);
    code = callback.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    // It lands on the callback: connector-auth exchanges the code and appends IntegrationConnected.
    const landed = await fetch(callback, { headers: { accept: 'text/html' } });
    expect(landed.status).toBe(200);
    expect(landed.headers.get('content-type')).toMatch(/text\/html/);

    // The relay carries the event to the bus; stage-projector's consumer projects it.
    const integrations = await service.adapters.readStore.collection<IntegrationView>(integrationsCollection);
    const connected = await eventually(
      async () => {
        const document = await integrations.get(demoTenant, demoTenant);
        return document?.data.connection === 'connected' ? document.data : undefined;
      },
      { what: 'the integrations read model to show the demo tenant connected', timeoutMs: 60_000 },
    );
    // sr-poller starts the initial sync on IntegrationConnected: the status may already say syncing.
    expect(connected).toMatchObject({ tenantId: demoTenant, connection: 'connected', plan: 'launch' });
    expect(connected.scopes).toContain('jobs_read');

    // The initial sync completes: the integrations document shows its outcome, and no run in progress.
    const synced = await eventually(
      async () => {
        const document = await integrations.get(demoTenant, demoTenant);
        return document?.data.lastSync?.outcome === 'completed' ? document.data : undefined;
      },
      { what: 'the integrations read model to show the initial sync completed', timeoutMs: 60_000 },
    );
    expect(synced).toMatchObject({ status: 'enabled', connection: 'connected', sync: null, error: null, lastSync: { outcome: 'completed' } });
    expect(synced.nextSyncAt).not.toBeNull();

    // Its run, with the progress it reported: every seeded job done.
    const seededJobs = allInOne.sandboxes().sr.control.tenant().jobs.size;
    expect(seededJobs).toBe(5);
    const runs = await service.adapters.readStore.collection<SyncRunView>(syncRunsCollection);
    const run = await eventually(
      async () => {
        const document = await runs.get(demoTenant, synced.lastSync!.runId);
        return document?.data.status === 'completed' ? document.data : undefined;
      },
      { what: 'the syncRuns read model to show the initial run completed', timeoutMs: 60_000 },
    );
    expect(run).toMatchObject({ kind: 'initial', error: null });
    expect(run.progress['jobs']).toEqual({ done: seededJobs, total: seededJobs });

    // The jobs read model holds every job of the sandbox for the demo tenant.
    const jobs = await service.adapters.readStore.collection<JobView>(jobsCollection);
    const projected = await eventually(
      async () => {
        const page = await jobs.find(demoTenant, { limit: 500 });
        return page.items.length === seededJobs ? page.items : undefined;
      },
      { what: `the jobs read model to hold the sandbox's ${seededJobs} jobs`, timeoutMs: 60_000 },
    );
    expect(projected.map((item) => item.id).sort()).toEqual([...allInOne.sandboxes().sr.control.tenant().jobs.keys()].sort());
  });

  it('keeps the generated dev secrets in DATA_DIR, readable by the owner only; the SR tokens sealed with them; none of it logged', async () => {
    const path = join(dataDir, devSecretsFile);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(path, 'utf8')) as {
      vaultKeys: Record<string, string>;
      vaultCurrentKeyId: string;
      oauthStateKey: string;
      internalServiceToken: string;
    };
    // The grant connector-auth stored opens with the generated key ring.
    const vault = new SqliteTokenVault(join(dataDir, 'vault.sqlite'), TokenCipher.fromConfig({ keys: secrets.vaultKeys, currentKeyId: secrets.vaultCurrentKeyId }));
    const grant = await vault.read(demoTenant).finally(() => vault.close());
    expect(grant?.accessToken).toBeTruthy();
    const values = [...Object.values(secrets.vaultKeys), secrets.oauthStateKey, secrets.internalServiceToken, code, grant!.accessToken, grant!.refreshToken];
    expect(logLines.length).toBeGreaterThan(0);
    for (const value of values) expect(logLines.filter((line) => line.includes(value))).toEqual([]);
    expect(logLines.some((line) => line.includes('generated dev secrets for connector-auth'))).toBe(true);
  });
});
