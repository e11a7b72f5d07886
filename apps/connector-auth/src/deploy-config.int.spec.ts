import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { connectorAuthConfigSchema } from './config';

// The first run builds tools/compose-check (tools/deploy-checkers.sh): the long timeout is for it.
it('docker-compose.yml and deploy/connector-auth/ give connector-auth a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('connector-auth', connectorAuthConfigSchema)).toEqual([]);
}, 180_000);
