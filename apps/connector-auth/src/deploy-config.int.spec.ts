import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { connectorAuthConfigSchema } from './config';

it('docker-compose.yml and deploy/connector-auth/ give connector-auth a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('connector-auth', connectorAuthConfigSchema)).toEqual([]);
});
