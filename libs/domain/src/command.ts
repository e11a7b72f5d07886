import type { NewMetadata } from '@srw/contracts';

/**
 * What every command carries besides its data: whose it is, where it comes from and when it is
 * decided. `causationId` is the id of the message or request the command was made from; it becomes
 * the `causationId` of the events the command leads to, which is how a redelivered command is
 * recognised. `observedAt` is the command's time (ISO 8601): deciders never read a clock.
 */
export type CommandMetadata = NewMetadata;

/** `{ type, data, metadata }`, like events; the type is imperative (`Connect`, `FailSyncRun`). */
export interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}
