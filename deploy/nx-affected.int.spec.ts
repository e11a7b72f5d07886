import { execFileSync } from 'node:child_process';
import { repoRoot } from '@srw/test-support';
import { describe, expect, it } from 'vitest';

/** The projects whose build a change of `files` touches, as `nx affected -t build` would run them. */
function affectedBuilds(files: string[]): string[] {
  const out = execFileSync('npx', ['nx', 'show', 'projects', '--affected', `--files=${files.join(',')}`, '-t', 'build', '--json'], {
    cwd: repoRoot,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    encoding: 'utf8',
  });
  return (JSON.parse(out) as string[]).sort();
}

describe('nx affected builds only what a change touches', () => {
  it.each([
    ['a source file of sr-poller', ['apps/sr-poller/src/config.ts'], ['sr-poller']],
    ['config-api’s Dockerfile', ['apps/config-api/Dockerfile'], ['config-api']],
    ['files of two apps', ['apps/stage-projector/src/main.ts', 'apps/invite-dispatcher/src/config.ts'], ['invite-dispatcher', 'stage-projector']],
    ['a lib only config-api uses', ['libs/http-api/src/index.ts'], ['config-api']],
    ['the Willo client: the apps that call Willo (config-api checks a tenant’s key)', ['libs/willo/src/index.ts'], ['config-api', 'invite-dispatcher', 'response-writeback']],
    ['the SR client: the apps that call SR', ['libs/smartrecruiters/src/index.ts'], ['connector-auth', 'response-writeback', 'sr-poller']],
    ['a Kubernetes manifest (no app’s build input)', ['deploy/sr-poller/deployment.yaml'], []],
  ])('%s', (_what, files, builds) => {
    expect(affectedBuilds(files)).toEqual(builds);
  });
});
