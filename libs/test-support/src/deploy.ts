import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

/** The repository's root, where docker-compose.yml, deploy/ and tools/ are. */
export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** The six apps that ship alone, each with its Dockerfile, compose service and `deploy/<app>/`. */
export const deployedApps = ['connector-auth', 'sr-poller', 'stage-projector', 'invite-dispatcher', 'response-writeback', 'config-api'] as const;
export type DeployedApp = (typeof deployedApps)[number];

export type DeployChecker = 'hadolint' | 'kubernetes-validate' | 'compose-check';

/** A checker of tools/deploy-checkers.sh, installed from the registries on first use (cached under INFRA_DIR). */
export function deployChecker(name: DeployChecker): string {
  return execFileSync('bash', [join(repoRoot, 'tools/deploy-checkers.sh'), 'path', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * Throwaway values, fresh per run and valid for the apps' schemas, for every secret the deploy files
 * leave to the environment (compose's `.env`, Kubernetes' Secrets).
 */
export function sampleSecrets(): Record<string, string> {
  const base64 = (bytes: number) => randomBytes(bytes).toString('base64');
  return {
    SR_CLIENT_ID: `client-${randomBytes(4).toString('hex')}`,
    SR_CLIENT_SECRET: base64(24),
    VAULT_KEYS: `k1:${base64(32)}`,
    VAULT_CURRENT_KEY_ID: 'k1',
    OAUTH_STATE_KEY: base64(32),
    INTERNAL_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    JWT_HS256_SECRET: base64(48),
    WILLO_API_KEY: randomBytes(16).toString('hex'),
    WILLO_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
  };
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: { type: string; source?: string; target: string }[];
  [key: string]: unknown;
}

/**
 * docker-compose.yml as `docker compose config` resolves it (compose-go: the Compose Specification's
 * schema, interpolation, consistency checks), with `env` as the only environment. Throws the
 * loader's message when the file is invalid or a required variable is missing.
 */
export function resolveCompose(env: Record<string, string>, file = join(repoRoot, 'docker-compose.yml')): ComposeModel {
  try {
    const out = execFileSync(deployChecker('compose-check'), [file], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out) as ComposeModel;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`compose-check rejected ${file}: ${stderr?.trim() || String(error)}`);
  }
}

/** What the specs read of a Kubernetes object; `spec` is read through the kind's own type below. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: unknown;
}
export interface KubernetesProbe {
  httpGet?: { path: string; port: string | number };
}
export interface KubernetesContainer {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: KubernetesProbe;
  readinessProbe?: KubernetesProbe;
  startupProbe?: KubernetesProbe;
  securityContext?: Record<string, unknown>;
  resources?: Record<string, unknown>;
}
export interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: { containers: KubernetesContainer[]; securityContext?: Record<string, unknown>; terminationGracePeriodSeconds?: number };
  };
}

/** Every document of every manifest of `deploy/<app>/` that its kustomization lists, with the file it came from. */
export function kubernetesManifests(app: DeployedApp): { file: string; kind: string; doc: KubernetesObject }[] {
  const kustomization = parse(readFileSync(join(repoRoot, 'deploy', app, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  return kustomization.resources.flatMap((name) =>
    parseAllDocuments(readFileSync(join(repoRoot, 'deploy', app, name), 'utf8')).map((document) => {
      const doc = document.toJS() as KubernetesObject;
      return { file: `deploy/${app}/${name}`, kind: doc.kind, doc };
    }),
  );
}

/**
 * The environment each deployment gives `app`'s process: its docker-compose.yml service (resolved
 * with `secrets` as the `.env`), and its Kubernetes container (the ConfigMap it loads, plain values,
 * and each Secret key it references filled from `secrets`; a key `secrets` lacks throws).
 */
export function deployedEnvironments(app: DeployedApp, secrets: Record<string, string>): { where: string; env: Record<string, string> }[] {
  const service = resolveCompose(secrets).services[app];
  if (!service) throw new Error(`docker-compose.yml has no service ${app}`);
  const compose = Object.fromEntries(Object.entries(service.environment ?? {}).filter((entry): entry is [string, string] => entry[1] !== null));

  const manifests = kubernetesManifests(app);
  const deployment = manifests.find((m) => m.kind === 'Deployment')?.doc.spec as DeploymentSpec | undefined;
  if (!deployment) throw new Error(`deploy/${app} has no Deployment`);
  const container = deployment.template.spec.containers.find((c) => c.name === app);
  if (!container) throw new Error(`deploy/${app}'s Deployment has no container named ${app}`);
  const configMaps = new Map(manifests.filter((m) => m.kind === 'ConfigMap').map((m) => [m.doc.metadata.name, m.doc.data ?? {}]));
  const kubernetes: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const data = source.configMapRef && configMaps.get(source.configMapRef.name);
    if (!data) throw new Error(`deploy/${app}: envFrom ${JSON.stringify(source)} names no ConfigMap of deploy/${app}`);
    Object.assign(kubernetes, data);
  }
  for (const entry of container.env ?? []) {
    const key = entry.valueFrom?.secretKeyRef?.key;
    if (key !== undefined && secrets[key] === undefined) throw new Error(`deploy/${app}: no sample value for the Secret key ${key}`);
    kubernetes[entry.name] = key !== undefined ? secrets[key]! : (entry.value ?? '');
  }
  return [
    { where: 'docker-compose.yml', env: compose },
    { where: `deploy/${app}`, env: kubernetes },
  ];
}

/** The part of a zod object schema `deployedConfigProblems` needs. */
export interface ConfigSchema {
  shape: Record<string, unknown>;
  safeParse(input: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * What is wrong with the environment each deployment gives `app` (see `deployedEnvironments`), judged
 * by the app's own configuration schema: keys it does not read (a typo, a setting of another app) and
 * keys it rejects or misses. Empty when both deployments are right.
 */
export function deployedConfigProblems(app: DeployedApp, schema: ConfigSchema): { where: string; unknownKeys: string[]; invalid: string[] }[] {
  return deployedEnvironments(app, sampleSecrets())
    .map(({ where, env }) => ({
      where,
      unknownKeys: Object.keys(env).filter((key) => !(key in schema.shape)),
      invalid: (schema.safeParse(env).error?.issues ?? []).map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`),
    }))
    .filter((problems) => problems.unknownKeys.length > 0 || problems.invalid.length > 0);
}
