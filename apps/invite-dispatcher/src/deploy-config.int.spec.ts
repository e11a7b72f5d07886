import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { inviteDispatcherConfigSchema } from './config';

it('docker-compose.yml and deploy/invite-dispatcher/ give invite-dispatcher a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('invite-dispatcher', inviteDispatcherConfigSchema)).toEqual([]);
});
