import { describe, expect, it } from 'vitest';
import { stagesOfJobProcess, type ProcessStage } from './job-process-stages';

// Two processes as the SR sandbox seeds them: their INTERVIEW steps differ.
const stages: ProcessStage[] = [
  { status: 'NEW', subStatus: null },
  { status: 'IN_REVIEW', subStatus: 'Screening', processIds: ['standard'] },
  { status: 'IN_REVIEW', subStatus: 'CV review', processIds: ['graduate'] },
  { status: 'INTERVIEW', subStatus: 'Video interview', processIds: ['standard'] },
  { status: 'INTERVIEW', subStatus: 'Final interview', processIds: ['standard', 'graduate'] },
  { status: 'INTERVIEW', subStatus: 'Assessment centre', processIds: ['graduate'] },
  { status: 'HIRED', subStatus: null },
];
const names = (list: ProcessStage[]) => list.map((s) => s.subStatus ?? s.status);

describe('the stages of a job’s own hiring process', () => {
  it('offers only the steps of the process the job’s applications are seen in, with the statuses without steps', () => {
    expect(names(stagesOfJobProcess(stages, [{ status: 'INTERVIEW', subStatus: 'Assessment centre' }]))).toEqual(['NEW', 'CV review', 'Final interview', 'Assessment centre', 'HIRED']);
    expect(names(stagesOfJobProcess(stages, [{ status: 'IN_REVIEW', subStatus: 'Screening' }, { status: 'NEW', subStatus: null }]))).toEqual(['NEW', 'Screening', 'Video interview', 'Final interview', 'HIRED']);
  });

  it('keeps every process still possible: a step two processes share narrows nothing', () => {
    expect(stagesOfJobProcess(stages, [{ status: 'INTERVIEW', subStatus: 'Final interview' }])).toEqual(stages);
  });

  it('offers every stage when nothing is seen, or steps no single process has', () => {
    expect(stagesOfJobProcess(stages, [])).toEqual(stages);
    expect(stagesOfJobProcess(stages, [{ status: 'INTERVIEW', subStatus: 'Video interview' }, { status: 'INTERVIEW', subStatus: 'Assessment centre' }])).toEqual(stages);
    expect(stagesOfJobProcess(stages, [{ status: 'INTERVIEW', subStatus: 'A step SR renamed' }])).toEqual(stages);
  });
});
