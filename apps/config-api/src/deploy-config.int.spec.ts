import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { configApiConfigSchema } from './config';

it('docker-compose.yml and deploy/config-api/ give config-api a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('config-api', configApiConfigSchema)).toEqual([]);
});
