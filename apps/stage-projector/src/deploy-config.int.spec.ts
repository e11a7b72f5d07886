import { deployedConfigProblems } from '@srw/test-support';
import { expect, it } from 'vitest';
import { stageProjectorConfigSchema } from './config';

// The first run builds tools/compose-check (tools/deploy-checkers.sh): the long timeout is for it.
it('docker-compose.yml and deploy/stage-projector/ give stage-projector a valid environment, of its own keys only', () => {
  expect(deployedConfigProblems('stage-projector', stageProjectorConfigSchema)).toEqual([]);
}, 180_000);
