import { topics } from '@srw/contracts';
import { TransientError } from '@srw/errors';
import { integrationsCollection, type IntegrationView } from '@srw/projections';
import { createEventHistory } from '@srw/projections/testing';
import type { EventStore } from '@srw/event-store';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { describe, expect, it } from 'vitest';
import { createStageProjector } from './stage-projector';
import { enableAndSync } from './testing/enable-and-sync';

describe('createStageProjector', () => {
  it('consumes the integration, observation, mapping and invite topics, each in its own group', () => {
    const { consumers } = createStageProjector({ readStore: {} as ReadStore, eventStore: {} as EventStore }, { groupIdPrefix: 'sp' });
    expect(consumers.map(({ groupId, topics: t }) => [groupId, t])).toEqual([
      ['sp.integration', [topics.integration]],
      ['sp.observations', [topics.observations]],
      ['sp.mapping', [topics.mapping]],
      ['sp.invite', [topics.invite]],
    ]);
  });

  it('a read store that fails to open fails the message (for the bus to retry) and is opened again on the retry', async () => {
    const store = await SqliteReadStore.open();
    let failuresLeft = 1;
    const flaky: ReadStore = {
      collection: (spec) => (failuresLeft-- > 0 ? Promise.reject(new TransientError('read store starting')) : store.collection(spec)),
      ping: () => store.ping(),
      close: () => store.close(),
    };
    const integration = createStageProjector({ readStore: flaky, eventStore: {} as EventStore }).consumers[0]!;
    const history = createEventHistory();
    const [stream, event] = enableAndSync('t1')[0]!;
    const message = history.append(stream, event.type, event.data as never, event.metadata.observedAt);
    const raw = {} as Parameters<typeof integration.handle>[1];
    try {
      await expect(integration.handle(message, raw)).rejects.toThrow(TransientError);
      await integration.handle(message, raw);
      const integrations = await store.collection<IntegrationView>(integrationsCollection);
      expect((await integrations.get('t1', 't1'))?.data.status).toBe('connecting');
    } finally {
      await store.close();
    }
  });
});
