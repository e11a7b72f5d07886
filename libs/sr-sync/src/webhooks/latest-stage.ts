import type { Stage } from '@srw/contracts';
import type { StatusHistory } from '@srw/smartrecruiters';

/**
 * The stage an application is in now and when it entered it: the status-history entry with the latest
 * `changedOn` (SR does not document the list's order; on a tie the later entry wins, as the sandbox
 * and SR's UI list oldest first). Entries without a status or date say nothing and are skipped.
 */
export function latestStage(history: StatusHistory['content']): { to: Stage; changedOn: string } | undefined {
  let latest: { to: Stage; changedOn: string; at: number } | undefined;
  for (const entry of history) {
    if (entry.status === undefined || entry.changedOn === undefined) continue;
    const at = Date.parse(entry.changedOn);
    if (latest !== undefined && at < latest.at) continue;
    latest = { to: { status: entry.status, subStatus: entry.subStatus || null }, changedOn: new Date(at).toISOString(), at };
  }
  return latest && { to: latest.to, changedOn: latest.changedOn };
}
