import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployedApps, repoRoot, resolveCompose, sampleSecrets } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * docker-compose.yml, loaded as `docker compose config` loads it (compose-go: the Compose
 * Specification's JSON schema, interpolation, consistency checks), then what the deployment needs.
 */
const secrets = sampleSecrets();
const model = resolveCompose(secrets);
const scratch = mkdtempSync(join(tmpdir(), 'compose-spec-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docker-compose.yml', () => {
  it('is valid: the Compose Specification’s schema and compose’s own checks pass', () => {
    expect(Object.keys(model.services).sort()).toEqual(
      [...deployedApps, 'kafka', 'kurrentdb', 'mongo', 'otel-collector', 'create-topics', 'sr-sandbox', 'willo-sandbox'].sort(),
    );
  });

  it('names every secret it is missing, and holds none itself; WILLO_API_KEY (the fallback organisation) is optional', () => {
    let message = '';
    try {
      resolveCompose({});
    } catch (error) {
      message = (error as Error).message;
    }
    const optional = ['WILLO_API_KEY'];
    expect(Object.keys(secrets).filter((name) => !optional.includes(name) && !message.includes(`required variable ${name} is missing`))).toEqual([]);
    expect(message).not.toContain('required variable WILLO_API_KEY');
    const { WILLO_API_KEY: _fallback, ...withoutFallback } = secrets;
    const keyless = resolveCompose(withoutFallback);
    // Empty reaches the apps (their schemas read it as unset), and config-api is told there is no fallback.
    expect(keyless.services['invite-dispatcher']?.environment?.['WILLO_API_KEY']).toBe('');
    expect(keyless.services['config-api']?.environment?.['WILLO_FALLBACK_ORGANISATION']).toBe('');
    expect(model.services['config-api']?.environment?.['WILLO_FALLBACK_ORGANISATION']).toBe('true');
  });

  it('the checker rejects what the specification forbids (an unknown service key, a depends_on on no service)', () => {
    const file = join(scratch, 'docker-compose.yml');
    copyFileSync(join(repoRoot, 'docker-compose.yml'), file);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('  stage-projector:\n', '  stage-projector:\n    helthcheck: { disable: true }\n'));
    expect(() => resolveCompose(secrets, file)).toThrow(/helthcheck/);
    writeFileSync(file, original.replace('      <<: *servers-ready\n\n  invite-dispatcher:', '      <<: *servers-ready\n      nowhere: { condition: service_started }\n\n  invite-dispatcher:'));
    expect(() => resolveCompose(secrets, file)).toThrow(/nowhere/);
  });

  it('runs Kafka in KRaft mode (broker and controller in one node, no ZooKeeper)', () => {
    const kafka = model.services['kafka']!;
    expect(kafka.environment?.['KAFKA_PROCESS_ROLES']?.split(',').sort()).toEqual(['broker', 'controller']);
    expect(Object.keys(kafka.environment ?? {}).filter((key) => key.includes('ZOOKEEPER'))).toEqual([]);
  });

  it.each(['kafka', 'kurrentdb', 'mongo'])('%s has a health check and keeps its data in a named volume', (name) => {
    const service = model.services[name]!;
    expect(service.healthcheck?.test?.length).toBeGreaterThan(0);
    const volumes = (service.volumes ?? []).filter((volume) => volume.type === 'volume').map((volume) => volume.source);
    expect(volumes).toHaveLength(1);
    expect(Object.keys(model.volumes ?? {})).toContain(volumes[0]);
  });

  it('the OpenTelemetry collector loads deploy/otel-collector.yaml, whose pipelines use only components it defines', () => {
    const collector = model.services['otel-collector']!;
    expect(collector.volumes?.map((volume) => volume.source)).toContain('./deploy/otel-collector.yaml');
    const config = parse(readFileSync(join(repoRoot, 'deploy/otel-collector.yaml'), 'utf8')) as {
      receivers: object;
      processors: object;
      exporters: object;
      extensions: object;
      service: { extensions: string[]; pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
    };
    expect(Object.keys(config.service.pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    for (const pipeline of Object.values(config.service.pipelines)) {
      expect(pipeline.receivers.filter((name) => !(name in config.receivers))).toEqual([]);
      expect(pipeline.processors.filter((name) => !(name in config.processors))).toEqual([]);
      expect(pipeline.exporters.filter((name) => !(name in config.exporters))).toEqual([]);
    }
    expect(config.service.extensions.filter((name) => !(name in config.extensions))).toEqual([]);
    expect(config.receivers).toMatchObject({ otlp: { protocols: { http: { endpoint: '0.0.0.0:4318' } } } });
  });

  describe.each(deployedApps)('%s', (app) => {
    const service = () => model.services[app]!;

    it('builds from its own Dockerfile, on the repository root with its .dockerignore', () => {
      expect(service().build).toMatchObject({ context: '.', dockerfile: `apps/${app}/Dockerfile` });
      expect(service().image).toBe(`sr-willo/${app}:dev`);
    });

    it('is health-checked on /healthz, read-only, and starts once the servers are healthy and the topics exist', () => {
      expect(service().healthcheck?.test?.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:3000\/healthz/);
      expect(service()['read_only']).toBe(true);
      expect(service().depends_on).toMatchObject({
        kafka: { condition: 'service_healthy' },
        kurrentdb: { condition: 'service_healthy' },
        mongo: { condition: 'service_healthy' },
        'create-topics': { condition: 'service_completed_successfully' },
      });
    });

    it('talks to the servers and the collector by their service names', () => {
      expect(service().environment).toMatchObject({
        HOST: '0.0.0.0',
        PORT: '3000',
        KAFKA_BROKERS: 'kafka:9092',
        ESDB_URL: expect.stringMatching(/^esdb:\/\/kurrentdb:2113\b/),
        MONGODB_URL: 'mongodb://mongo:27017',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      });
    });
  });
});
