import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployChecker, deployedApps, kubernetesManifests, repoRoot, type DeploymentSpec, type KubernetesObject } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * deploy/<app>/: each app's own Kubernetes manifests, checked against the Kubernetes API's JSON
 * schemas (kubernetes-validate, strict: unknown fields fail too), then against what running the app
 * needs. Their environment is checked against each app's config schema by its own deploy-config spec.
 */
const kubernetesVersion = '1.34.0';
const scratch = mkdtempSync(join(tmpdir(), 'kubernetes-spec-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function validate(files: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync(deployChecker('kubernetes-validate'), ['--strict', '--kubernetes-version', kubernetesVersion, ...files], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, output };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

interface ServiceSpec {
  selector: Record<string, string>;
  ports: { name: string; port: number; targetPort: string | number }[];
}
interface DisruptionBudgetSpec {
  minAvailable: number;
  selector: { matchLabels: Record<string, string> };
}

const manifestFiles = deployedApps.flatMap((app) => kubernetesManifests(app).map((m) => m.file));
const deploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: broken }
spec:
  replicas: 1
  selector: { matchLabels: { app: broken } }
  template:
    metadata: { labels: { app: broken } }
    spec:
      containers:
        - name: broken
          image: broken:1
`;

describe('the Kubernetes manifests', () => {
  // Installed from PyPI on first use (tools/deploy-checkers.sh); later runs find it cached.
  beforeAll(() => void deployChecker('kubernetes-validate'), 180_000);

  it(`pass the Kubernetes ${kubernetesVersion} schemas, strictly`, () => {
    const { ok, output } = validate([...new Set(manifestFiles)]);
    expect(ok, output).toBe(true);
    expect(output.match(/ passed for resource /g)?.length).toBe(manifestFiles.length);
  });

  it('the validator rejects what the schemas forbid (a string where a number goes, an unknown field)', () => {
    const wrongType = join(scratch, 'wrong-type.yaml');
    writeFileSync(wrongType, deploymentYaml.replace('replicas: 1', 'replicas: two'));
    const unknownField = join(scratch, 'unknown-field.yaml');
    writeFileSync(unknownField, deploymentYaml.replace('image: broken:1', 'image: broken:1\n          livenesProbe: {}'));
    const valid = join(scratch, 'valid.yaml');
    writeFileSync(valid, deploymentYaml);
    expect(validate([valid]).ok).toBe(true);
    expect(validate([wrongType])).toMatchObject({ ok: false, output: expect.stringMatching(/replicas/) });
    expect(validate([unknownField])).toMatchObject({ ok: false, output: expect.stringMatching(/livenesProbe/) });
  });

  describe.each(deployedApps)('%s', (app) => {
    const manifests = kubernetesManifests(app);
    const one = (kind: string): KubernetesObject => {
      const found = manifests.filter((m) => m.kind === kind);
      expect(found, `${kind} in deploy/${app}`).toHaveLength(1);
      return found[0]!.doc;
    };
    const deploymentSpec = () => one('Deployment').spec as DeploymentSpec;
    const configData = () => one('ConfigMap').data ?? {};

    it('ships a Deployment, a Service, a ConfigMap and a PodDisruptionBudget, all listed in its kustomization, and no Secret', () => {
      expect(manifests.map((m) => m.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'ConfigMap', 'PodDisruptionBudget']));
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
      const files = readdirSync(join(repoRoot, 'deploy', app)).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
      expect([...new Set(manifests.map((m) => m.file))].sort()).toEqual(files.map((name) => `deploy/${app}/${name}`).sort());
      for (const { doc } of manifests) expect(doc.metadata.labels?.['app.kubernetes.io/name'], doc.kind).toBe(app);
      expect(parse(readFileSync(join(repoRoot, 'deploy', app, 'kustomization.yaml'), 'utf8'))).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
    });

    it('probes /healthz for liveness and start-up and /readyz for readiness, on its named port 3000', () => {
      const container = deploymentSpec().template.spec.containers[0]!;
      expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(configData()).toMatchObject({ PORT: '3000', HOST: '0.0.0.0' });
    });

    it('runs as a non-root user on a read-only root file system, without privileges, with requests and limits', () => {
      const pod = deploymentSpec().template.spec;
      const container = pod.containers[0]!;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number), seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext?.['runAsUser']).toBeGreaterThan(0);
      expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container.resources).toMatchObject({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { cpu: expect.any(String), memory: expect.any(String) } });
      expect(container.image).toMatch(new RegExp(`^sr-willo/${app}:`));
    });

    it('takes its secrets by reference only, and gives a stop more time than the app’s own shutdown timeout', () => {
      const pod = deploymentSpec().template.spec;
      const container = pod.containers[0]!;
      // invite-dispatcher's WILLO_API_KEY is the optional fallback organisation (its schema reads it so).
      const optional = app === 'invite-dispatcher' ? ['WILLO_API_KEY'] : [];
      for (const entry of container.env ?? []) {
        const ref = { name: `${app}-secrets`, key: entry.name, ...(optional.includes(entry.name) ? { optional: true } : {}) };
        expect(entry, entry.name).toEqual({ name: entry.name, valueFrom: { secretKeyRef: ref } });
      }
      expect(container.envFrom).toEqual([{ configMapRef: { name: one('ConfigMap').metadata.name } }]);
      expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(Number(configData()['SHUTDOWN_TIMEOUT_MS']));
    });

    it('its Service and PodDisruptionBudget select its pods, and the budget leaves room for a voluntary disruption', () => {
      const deployment = deploymentSpec();
      const podLabels = deployment.template.metadata.labels;
      const service = one('Service').spec as ServiceSpec;
      const budget = one('PodDisruptionBudget').spec as DisruptionBudgetSpec;
      expect(podLabels).toMatchObject(service.selector);
      expect(service.ports).toEqual([expect.objectContaining({ targetPort: 'http' })]);
      expect(podLabels).toMatchObject(budget.selector.matchLabels);
      expect(deployment.selector.matchLabels).toEqual(budget.selector.matchLabels);
      const autoscaler = manifests.find((m) => m.kind === 'HorizontalPodAutoscaler')?.doc.spec as { minReplicas: number } | undefined;
      expect(budget.minAvailable).toBeLessThan(autoscaler?.minReplicas ?? deployment.replicas ?? 1);
    });
  });
});
