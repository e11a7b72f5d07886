import { topics } from '@srw/contracts';
import type { TopicSpec } from '@srw/bus';

/**
 * Partitions per topic. Keys fix ordering (tenant, or tenant:candidate), so partitions bound how
 * many consumers of one group work in parallel; Kafka can add partitions later but that moves keys,
 * so per-candidate topics start wide.
 */
export const topicSpecs: readonly TopicSpec[] = [
  { topic: topics.integration, partitions: 6 },
  { topic: topics.observations, partitions: 12 },
  { topic: topics.mapping, partitions: 6 },
  { topic: topics.invite, partitions: 12 },
];
