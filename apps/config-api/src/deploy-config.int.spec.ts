import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { configApiConfigSchema } from './config';

// The first run builds tools/compose-check (tools/deploy-checkers.sh): the long timeout is for it.
it('docker-compose.yml and deploy/config-api/ give config-api a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('config-api', configApiConfigSchema)).toEqual([]);
}, 180_000);
