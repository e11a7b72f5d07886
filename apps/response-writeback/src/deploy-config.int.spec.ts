import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { responseWritebackConfigSchema } from './config';

// The first run builds tools/compose-check (tools/deploy-checkers.sh): the long timeout is for it.
it('docker-compose.yml and deploy/response-writeback/ give response-writeback a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('response-writeback', responseWritebackConfigSchema)).toEqual([]);
}, 180_000);
