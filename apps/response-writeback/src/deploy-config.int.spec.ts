import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { responseWritebackConfigSchema } from './config';

it('docker-compose.yml and deploy/response-writeback/ give response-writeback a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('response-writeback', responseWritebackConfigSchema)).toEqual([]);
});
