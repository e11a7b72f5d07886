export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface GroupMember {
  readonly topics: readonly string[];
  assignment: TopicPartition[];
  /** Resolves when the member is between two messages. */
  idle(): Promise<void>;
}

/**
 * Shares a group's partitions among its members in this process, like Kafka's group coordinator:
 * each partition has one owner at a time. A rebalance first waits until every member has finished
 * the message in hand, so a partition never has two members working on it (order per key holds).
 */
export class GroupCoordinator {
  private readonly members = new Set<GroupMember>();
  /** Set while a rebalance is waiting for members to go idle; members wait on it between messages. */
  barrier: Promise<void> | undefined;
  generation = 0;

  constructor(private readonly partitionsOf: (topic: string) => number) {}

  get size(): number {
    return this.members.size;
  }

  async join(member: GroupMember): Promise<void> {
    this.members.add(member);
    await this.rebalance();
  }

  async leave(member: GroupMember): Promise<void> {
    this.members.delete(member);
    member.assignment = [];
    await this.rebalance();
  }

  private async rebalance(): Promise<void> {
    const generation = ++this.generation;
    const round = (async () => {
      await Promise.all([...this.members].map((m) => m.idle()));
      if (generation !== this.generation) return;
      this.assign();
    })();
    this.barrier = round;
    await round;
    if (this.barrier === round) this.barrier = undefined;
  }

  /** Round-robin of each topic's partitions over the members subscribed to it. */
  private assign(): void {
    const members = [...this.members];
    for (const member of members) member.assignment = [];
    const topics = new Set(members.flatMap((m) => m.topics));
    for (const topic of topics) {
      const subscribed = members.filter((m) => m.topics.includes(topic));
      for (let partition = 0; partition < this.partitionsOf(topic); partition++) {
        subscribed[partition % subscribed.length]!.assignment.push({ topic, partition });
      }
    }
  }
}
