import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  srwMetrics,
} from '@srw/observability';

/** `srw.consumer.lag`: how many messages of a partition the group has still to process. */
export function recordConsumerLag(groupId: string, topic: string, partition: number, lag: number): void {
  srwMetrics().consumerLag.record(Math.max(0, lag), {
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: groupId,
    [ATTR_MESSAGING_DESTINATION_NAME]: topic,
    [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(partition),
  });
}

/** `srw.dlq.messages`: one more message of `topic` dead-lettered by `groupId`. */
export function countDeadLetter(groupId: string, topic: string): void {
  srwMetrics().dlqMessages.add(1, { [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: groupId, [ATTR_MESSAGING_DESTINATION_NAME]: topic });
}
