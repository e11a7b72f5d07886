import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { inviteDispatcherConfigSchema } from './config';

// The first run builds tools/compose-check (tools/deploy-checkers.sh): the long timeout is for it.
it('docker-compose.yml and deploy/invite-dispatcher/ give invite-dispatcher a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('invite-dispatcher', inviteDispatcherConfigSchema)).toEqual([]);
}, 180_000);
