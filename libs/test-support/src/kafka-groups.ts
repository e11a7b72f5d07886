import { Kafka, logLevel } from 'kafkajs';

/** A consumer group and the topics it reads. */
export interface GroupTopics {
  groupId: string;
  topics: readonly string[];
}

/**
 * Commits the groups' offsets at the topics' current ends before any member joins. The topics are
 * shared by every run on this broker and keep their messages for a while: new groups would otherwise
 * read (and act on) other runs' tenants first. A deployment on its own cluster reads from the start;
 * what this run appends comes after these offsets either way. Topics that do not exist yet are left
 * alone (a group on a topic created later starts at its beginning, which is this run's).
 */
export async function startGroupsAtTheEnd(brokers: readonly string[], groups: readonly GroupTopics[]): Promise<void> {
  const admin = new Kafka({ brokers: [...brokers], clientId: 'test-groups-at-the-end', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const ends = new Map<string, { partition: number; offset: string }[]>();
    for (const topic of new Set(groups.flatMap((group) => group.topics))) {
      if (!existing.has(topic)) continue;
      ends.set(topic, (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high })));
    }
    for (const { groupId, topics } of groups) {
      for (const topic of topics) {
        const partitions = ends.get(topic);
        if (partitions) await admin.setOffsets({ groupId, topic, partitions });
      }
    }
  } finally {
    await admin.disconnect();
  }
}
