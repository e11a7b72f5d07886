import { openReadModels } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';

export interface SyncProgressOptions {
  readStore: ReadStore;
  tenantId: string;
  write(line: string): void;
  /** How often the read model is looked at; default 1 s. */
  everyMs?: number;
}

/**
 * Tells the terminal how a tenant's sync goes, from the `integrations` read model the admin page reads
 * too: a line when a sync starts, at most one a second while its count moves, and one when it ends.
 * Returns the function that stops it; its timer never keeps the process alive.
 */
export function reportSyncProgress({ readStore, tenantId, write, everyMs = 1_000 }: SyncProgressOptions): () => void {
  let said = '';
  /** The last run that ended, as first seen (null: not looked yet), so a past run is not told again. */
  let ended: string | undefined | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const readModels = openReadModels(readStore);
  const tell = (line: string) => {
    if (line !== said) write((said = line));
  };
  const look = async () => {
    const view = (await (await readModels).collections.integrations.get(tenantId, tenantId))?.data;
    if (view?.sync) {
      const { kind, done, total } = view.sync;
      tell(`${kind} sync of ${tenantId}: ${done}${total === null ? '' : ` of ${total}`} records`);
    }
    const last = view?.lastSync;
    if (ended === null) ended = last?.runId;
    else if (last && last.runId !== ended) {
      ended = last.runId;
      tell(`sync of ${tenantId} ${last.outcome} at ${last.at}${view?.error ? `: ${view.error.message} (${view.error.action})` : ''}`);
    }
  };
  const tick = () => {
    if (stopped) return;
    look()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) (timer = setTimeout(tick, everyMs)).unref();
      });
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
