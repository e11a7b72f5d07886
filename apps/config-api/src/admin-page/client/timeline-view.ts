import type { ConfigApiClient, ConfigApiSchemas } from '@srw/config-api-client';
import { byId, element, formatTime, problemText, withBusy } from './dom';

type Entry = ConfigApiSchemas['ActivityEntry'];
const retryable = new Set(['InviteFailed', 'InviteAbandoned']);

/**
 * The activity timeline, newest first: what was seen, invited, answered and written back, and why
 * anything was skipped or failed, with Retry on a failed invite. Entries never change once written,
 * so new ones are put on top and the rest stay where they are (a focused Retry keeps its focus).
 */
export function timelineView(api: ConfigApiClient, interviewId: () => string | undefined) {
  const list = byId<HTMLOListElement>('timeline');
  const more = byId<HTMLButtonElement>('timeline-more');
  const filter = byId<HTMLInputElement>('activity-filter');
  const shown = new Map<string, HTMLLIElement>();
  let olderCursor: string | undefined;
  let filterKey = '';

  const item = (entry: Entry) => {
    const message = element('span', { class: 'message', role: 'status' });
    const retry =
      retryable.has(entry.kind) && entry.interviewId && entry.candidateId
        ? element('button', { type: 'button', 'aria-label': `Retry the invite of candidate ${entry.candidateId}` }, 'Retry')
        : element('span');
    if (retry instanceof HTMLButtonElement) {
      retry.addEventListener('click', () =>
        withBusy(retry, message, async () => {
          const { error } = await api.POST('/interviews/{interviewId}/invites/{candidateId}/retry', {
            params: { path: { interviewId: entry.interviewId!, candidateId: entry.candidateId! } },
          });
          if (error) throw new Error(problemText(error, 'Retry failed'));
          return 'Retry requested';
        }),
      );
    }
    const who = entry.candidateId ? ` · candidate ${entry.candidateId}` : '';
    const text = element(
      'span',
      {},
      element('span', { class: 'kind' }, entry.kind),
      ' ',
      entry.summary,
      who,
      ...(entry.reason ? [' ', element('span', { class: 'reason' }, `(${entry.reason})`)] : []),
      ' ',
      message,
    );
    return element('li', { 'data-kind': entry.kind }, element('time', { datetime: entry.at }, formatTime(entry.at)), text, retry);
  };

  const query = () => {
    const id = filter.checked ? interviewId() : undefined;
    return id ? { interviewId: id } : {};
  };

  const refresh = async () => {
    const key = JSON.stringify(query());
    if (key !== filterKey) {
      filterKey = key;
      shown.clear();
      list.replaceChildren();
      olderCursor = undefined;
    }
    const { data, error } = await api.GET('/activity', { params: { query: { ...query(), limit: 25 } } });
    if (!data) {
      list.setAttribute('aria-busy', 'false');
      throw new Error(problemText(error, 'The activity could not be read'));
    }
    const fresh = data.items.filter((entry) => !shown.has(entry.entryId));
    if (shown.size === 0) olderCursor = data.nextCursor;
    // Oldest of the new first, each put on top: the newest ends up first.
    for (const entry of fresh.reverse()) {
      const li = item(entry);
      shown.set(entry.entryId, li);
      list.prepend(li);
    }
    more.disabled = !olderCursor;
  };

  more.addEventListener('click', async () => {
    if (!olderCursor) return;
    const { data } = await api.GET('/activity', { params: { query: { ...query(), limit: 25, cursor: olderCursor } } });
    if (!data) return;
    for (const entry of data.items.filter((e) => !shown.has(e.entryId))) {
      const li = item(entry);
      shown.set(entry.entryId, li);
      list.append(li);
    }
    olderCursor = data.nextCursor;
    more.disabled = !olderCursor;
  });
  filter.addEventListener('change', () => void refresh());
  return { refresh };
}
