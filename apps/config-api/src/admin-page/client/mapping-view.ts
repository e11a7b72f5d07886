import type { ConfigApiClient, ConfigApiSchemas } from '@srw/config-api-client';
import { byId, element, problemText, withBusy } from './dom';

type Job = ConfigApiSchemas['Job'];
type Stage = ConfigApiSchemas['HiringStage'];
type TriggerStage = ConfigApiSchemas['TriggerStage'];
type Mapping = ConfigApiSchemas['Mapping'];

const pageSize = 10;
const stageKey = (stage: TriggerStage) => `${stage.status}/${stage.subStatus ?? ''}`;
const stageLabel = (stage: Stage) => (stage.subStatus ? `${stage.status} · ${stage.label}` : stage.label);

export interface MappingView {
  interviewId(): string | undefined;
  mapping(): Mapping | undefined;
  jobTitle(jobId: string): string;
  stagesOf(jobId: string): Promise<Stage[]>;
  /** Called when the interview or its applied mapping changes. */
  onChange(listener: () => void): void;
  refresh(): Promise<void>;
  /** Loads the first page again while it is empty (jobs arrive with the first sync). */
  reloadIfEmpty(): Promise<void>;
}

/**
 * An interview's integration dropdown: the most recent SR jobs (search, paging), a trigger stage per
 * ticked job from its hiring process, Apply (the whole list replaces the mapping, guarded by its
 * revision), and the mappings as applied.
 */
export function mappingView(api: ConfigApiClient, interviews: { key: string; title: string }[] | undefined): MappingView {
  const select = byId<HTMLSelectElement>('interview');
  const input = byId<HTMLInputElement>('interview-id');
  const search = byId<HTMLInputElement>('job-search');
  const body = byId<HTMLTableSectionElement>('jobs-body');
  const pageText = byId('jobs-page');
  const next = byId<HTMLButtonElement>('jobs-next');
  const first = byId<HTMLButtonElement>('jobs-first');
  const apply = byId<HTMLButtonElement>('apply');
  const applyMessage = byId('apply-message');
  const applied = byId('applied');
  const listeners: (() => void)[] = [];
  const titles = new Map<string, string>();
  const stages = new Map<string, Promise<Stage[]>>();
  /** The ticked jobs and their trigger stage (undefined until chosen), across pages. */
  let chosen = new Map<string, TriggerStage | undefined>();
  let current: Mapping | undefined;
  let cursors: (string | undefined)[] = [undefined];
  let nextCursor: string | undefined;

  if (interviews && interviews.length > 0) {
    select.hidden = false;
    select.append(...interviews.map((i) => element('option', { value: i.key }, `${i.title} (${i.key})`)));
  } else {
    input.hidden = false;
    input.id = 'interview';
    select.remove();
  }
  const interviewId = () => (interviews && interviews.length > 0 ? select.value : input.value.trim()) || undefined;

  const stagesOf = (jobId: string) => {
    let found = stages.get(jobId);
    if (!found) {
      found = api.GET('/jobs/{jobId}/stages', { params: { path: { jobId } } }).then(({ data, error }) => {
        if (!data) throw new Error(problemText(error, `The stages of job ${jobId} could not be read`));
        return data.stages;
      });
      found.catch(() => stages.delete(jobId));
      stages.set(jobId, found);
    }
    return found;
  };

  const fillStages = async (jobId: string, stageSelect: HTMLSelectElement) => {
    const list = await stagesOf(jobId);
    const selected = chosen.get(jobId);
    stageSelect.replaceChildren(
      element('option', { value: '' }, 'Choose a stage'),
      ...list.map((s) => element('option', { value: stageKey(s) }, stageLabel(s))),
    );
    if (selected) stageSelect.value = stageKey(selected);
  };

  const row = (job: Job) => {
    titles.set(job.jobId, job.title);
    const checkboxId = `job-${job.jobId}`;
    const checkbox = element('input', { type: 'checkbox', id: checkboxId });
    checkbox.checked = chosen.has(job.jobId);
    const stageSelect = element('select', { 'aria-label': `Trigger stage of ${job.title}` });
    stageSelect.append(element('option', { value: '' }, 'Choose a stage'));
    stageSelect.disabled = !checkbox.checked;
    if (checkbox.checked) void fillStages(job.jobId, stageSelect);
    checkbox.addEventListener('change', () => {
      stageSelect.disabled = !checkbox.checked;
      if (checkbox.checked) {
        chosen.set(job.jobId, chosen.get(job.jobId));
        void fillStages(job.jobId, stageSelect);
      } else chosen.delete(job.jobId);
    });
    stageSelect.addEventListener('change', async () => {
      const stage = (await stagesOf(job.jobId)).find((s) => stageKey(s) === stageSelect.value);
      chosen.set(job.jobId, stage ? { status: stage.status, subStatus: stage.subStatus } : undefined);
    });
    const label = element('label', { for: checkboxId }, job.title);
    const detail = [job.department, job.location, job.status].filter(Boolean).join(' · ');
    return element('tr', {}, element('td', {}, checkbox), element('td', { title: detail }, label, element('span', { class: 'visually-muted' }, detail ? ` — ${detail}` : '')), element('td', {}, stageSelect));
  };

  const loadPage = async (page: number) => {
    const cursor = cursors[page];
    const q = search.value.trim();
    const { data, error } = await api.GET('/jobs', { params: { query: { limit: pageSize, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } } });
    if (!data) {
      pageText.textContent = problemText(error, 'The jobs could not be read');
      return;
    }
    body.replaceChildren(...data.items.map(row));
    nextCursor = data.nextCursor;
    cursors = cursors.slice(0, page + 1);
    if (nextCursor) cursors.push(nextCursor);
    next.disabled = !nextCursor;
    first.disabled = page === 0;
    pageText.textContent = data.items.length === 0 ? (q ? `No job matches “${q}”` : 'No jobs synced yet') : `Page ${page + 1}`;
    currentPage = page;
  };
  let currentPage = 0;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void loadPage(0), 250);
  });
  next.addEventListener('click', () => void loadPage(currentPage + 1));
  first.addEventListener('click', () => void loadPage(0));

  const renderApplied = () => {
    const jobs = current?.jobs ?? [];
    applied.replaceChildren(
      ...(jobs.length === 0
        ? [element('li', {}, 'No job is connected to this interview')]
        : jobs.map((job) => element('li', {}, `${titles.get(job.jobId) ?? job.jobId}: invites on ${job.triggerStages.map((s) => s.subStatus ?? s.status).join(', ')}`))),
    );
  };

  const loadMapping = async () => {
    const id = interviewId();
    current = undefined;
    chosen = new Map();
    if (id) {
      const { data, response } = await api.GET('/interviews/{interviewId}/mapping', { params: { path: { interviewId: id } } });
      if (data) current = data;
      else if (response.status !== 404) applyMessage.textContent = `The mapping could not be read (${response.status})`;
      for (const job of current?.jobs ?? []) chosen.set(job.jobId, job.triggerStages[0]);
    }
    renderApplied();
    for (const listener of listeners) listener();
  };

  apply.addEventListener('click', () =>
    withBusy(apply, applyMessage, async () => {
      const id = interviewId();
      if (!id) throw new Error('Choose an interview first');
      const missing = [...chosen].filter(([, stage]) => !stage).map(([jobId]) => titles.get(jobId) ?? jobId);
      if (missing.length > 0) throw new Error(`Choose a trigger stage for ${missing.join(', ')}`);
      const jobs = [...chosen].map(([jobId, stage]) => ({ jobId, triggerStages: [stage as TriggerStage] }));
      const { data, error } = await api.PUT('/interviews/{interviewId}/mapping', {
        params: { path: { interviewId: id }, ...(current ? { header: { 'if-match': `"${current.revision}"` } } : {}) },
        body: { jobs },
      });
      if (!data) throw new Error(problemText(error, 'The mapping could not be applied'));
      current = data;
      renderApplied();
      for (const listener of listeners) listener();
      return `Applied: ${jobs.length} job(s) connected`;
    }),
  );
  select.addEventListener('change', () => void loadMapping().then(() => loadPage(currentPage)));
  input.addEventListener('change', () => void loadMapping().then(() => loadPage(currentPage)));

  return {
    interviewId,
    mapping: () => current,
    jobTitle: (jobId) => titles.get(jobId) ?? jobId,
    stagesOf,
    onChange: (listener) => listeners.push(listener),
    refresh: async () => {
      await loadMapping();
      await loadPage(0);
    },
    reloadIfEmpty: async () => {
      if (body.children.length === 0) await loadPage(0);
    },
  };
}
