import { topics, type EventMessage } from '@srw/contracts';
import { parseEventMessage } from '@srw/runtime';
import { feedConsumedSamples } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { integrationEventsHandler } from './handlers/integration-events.handler';
import { TenantBook } from './tenant-book';

/**
 * Contract safety: every recorded sample of `integration.events.v1` and `mapping.events.v1` (what
 * sr-poller's consumer subscribes to, `createSrPoller`) goes through the real decoder and the
 * handler it wires (`integrationEventsHandler` over a `TenantBook`), with a scheduler that records
 * what it is told. A change to an event that breaks this consumer fails here.
 */
describe('sr-poller reads every published event version of its topics', () => {
  it('decodes and handles each recorded sample, and the schedule follows them', async () => {
    const book = new TenantBook();
    const told: string[] = [];
    const scheduler = {
      schedule: (tenantId: string) => void told.push(`schedule ${tenantId}`),
      syncNow: (tenantId: string) => void told.push(`syncNow ${tenantId}`),
      unschedule: (tenantId: string) => void told.push(`unschedule ${tenantId}`),
    };
    const handle = integrationEventsHandler({ book, scheduler, clock: { now: () => Date.parse('2026-11-16T10:00:00Z') } });
    const consumers = [{ groupId: 'sr-poller', topics: [topics.integration, topics.mapping], handle: (event: EventMessage) => handle(event) }];
    const { consumed, samples, outcomes } = await feedConsumedSamples(consumers, parseEventMessage);
    expect(consumed).toEqual(['integration', 'syncRun', 'interviewMapping']);
    expect(outcomes.filter((outcome) => outcome.error).map(({ sample, error }) => `${sample}: ${String(error)}`)).toEqual([]);
    expect(outcomes).toHaveLength(samples.length);
    expect(told).toContain('syncNow acme-recruiting');
    expect(told).toContain('unschedule acme-recruiting');
  });
});
