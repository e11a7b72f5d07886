import { describe, expect, it } from 'vitest';
import { auditEventsPage } from './audit-events';
import { jobsPage } from './jobs';

describe('response schemas', () => {
  it('accept what the spec leaves optional: a Jobs page without totalFound', () => {
    expect(jobsPage.safeParse({ content: [{ id: 'j1', title: 'Nurse' }] }).success).toBe(true);
  });

  it('read the documented context of a JOB_APPLICATION_STATE_MODIFIED event', () => {
    const page = auditEventsPage.parse({
      limit: 10,
      content: [
        {
          id: 'e1',
          eventName: 'JOB_APPLICATION_STATE_MODIFIED',
          eventDate: '2023-01-21T12:50:02.594Z',
          authorType: 'USER',
          entityType: 'APPLICATION',
          entityId: 'a1',
          context: { currentStatus: 'INTERVIEW', currentStep: 'Video interview', previousStatus: 'NEW' },
        },
      ],
    });
    expect(page.content[0]?.context).toEqual({ currentStatus: 'INTERVIEW', currentStep: 'Video interview', previousStatus: 'NEW' });
  });
});
