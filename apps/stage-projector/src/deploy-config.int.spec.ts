import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { stageProjectorConfigSchema } from './config';

it('docker-compose.yml and deploy/stage-projector/ give stage-projector a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('stage-projector', stageProjectorConfigSchema)).toEqual([]);
});
