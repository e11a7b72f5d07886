import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { srPollerConfigSchema } from './config';

// The first run builds tools/compose-check (tools/deploy-checkers.sh): the long timeout is for it.
it('docker-compose.yml and deploy/sr-poller/ give sr-poller a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('sr-poller', srPollerConfigSchema)).toEqual([]);
}, 180_000);
