/** A consumer group of a test and the topics it consumes. */
export interface TestConsumerGroup {
  groupId: string;
  topics: readonly string[];
}

/**
 * Commits the current end of every partition of the groups' topics as those groups' offsets, before
 * the groups first join. For a test whose run produces everything it consumes (a fresh event store
 * behind a relay): its new groups then read only this run's messages, not the backlog earlier runs
 * left on a shared, long-lived broker (30 minutes of every engineer's runs). That backlog is not the
 * run's to read: its positions come from other event stores (a guarded read model may keep another
 * run's document for the same tenant and id), and a projector on FerretDB goes through it at 5–10
 * events a second, minutes before it reaches the run's own events.
 *
 * A topic that does not exist yet is left alone (nothing to skip; creating it here would give it the
 * broker's default partition count). Call it before the groups' consumers start: Kafka refuses to set
 * the offsets of a group with members.
 */
export async function startKafkaGroupsAtTopicEnds(brokers: readonly string[], groups: readonly TestConsumerGroup[]): Promise<void> {
  // Loaded on demand, so the embedded bus's tests never load kafkajs.
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: [...brokers], clientId: 'test-groups-at-end', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const { groupId, topics } of groups) {
      for (const topic of topics.filter((name) => existing.has(name))) {
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
      }
    }
  } finally {
    await admin.disconnect();
  }
}
