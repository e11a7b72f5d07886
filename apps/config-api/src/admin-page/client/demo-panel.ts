import { byId, element, problemText, withBusy } from './dom';
import type { MappingView } from './mapping-view';

interface DemoCandidate {
  candidateId: string;
  name: string;
  status: string;
  subStatus: string | null;
}
interface DemoInvitation {
  participantKey: string;
  interview: string;
  name: string;
  completed: boolean;
}

async function demoCall<T>(url: string, init?: { method: 'POST'; body: unknown }): Promise<T> {
  const answer = await fetch(url, init ? { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {});
  const body: unknown = await answer.json().catch(() => undefined);
  if (!answer.ok) throw new Error(problemText(body, `${url} answered ${answer.status}`));
  return body as T;
}

/**
 * The demo's other actors, through the all-in-one's `/demo` routes: the SR recruiter moves a candidate
 * of a connected job to a stage (the SR sandbox's control API), the candidate completes the interview
 * they were invited to (the Willo sandbox's).
 */
export function demoPanel(demoBasePath: string, mapping: MappingView) {
  const jobSelect = byId<HTMLSelectElement>('recruiter-job');
  const candidateSelect = byId<HTMLSelectElement>('recruiter-candidate');
  const stageSelect = byId<HTMLSelectElement>('recruiter-stage');
  const recruiterMessage = byId('recruiter-message');
  const invitationSelect = byId<HTMLSelectElement>('candidate-invitation');
  const candidateMessage = byId('candidate-message');

  const loadJob = async () => {
    const jobId = jobSelect.value;
    if (!jobId) {
      candidateSelect.replaceChildren();
      stageSelect.replaceChildren();
      return;
    }
    const [{ items }, stages] = await Promise.all([
      demoCall<{ items: DemoCandidate[] }>(`${demoBasePath}/recruiter/candidates?jobId=${encodeURIComponent(jobId)}`),
      mapping.stagesOf(jobId),
    ]);
    const keep = candidateSelect.value;
    candidateSelect.replaceChildren(...items.map((c) => element('option', { value: c.candidateId }, `${c.name} — now ${c.subStatus ? `${c.status} · ${c.subStatus}` : c.status}`)));
    if (items.some((c) => c.candidateId === keep)) candidateSelect.value = keep;
    const trigger = mapping.mapping()?.jobs.find((j) => j.jobId === jobId)?.triggerStages[0];
    stageSelect.replaceChildren(
      ...stages.map((s) => element('option', { value: JSON.stringify({ status: s.status, subStatus: s.subStatus }) }, `${s.subStatus ? `${s.status} · ${s.label}` : s.label}${trigger && trigger.status === s.status && trigger.subStatus === s.subStatus ? ' (trigger)' : ''}`)),
    );
    if (trigger) stageSelect.value = JSON.stringify({ status: trigger.status, subStatus: trigger.subStatus });
  };

  const loadJobs = () => {
    const jobs = mapping.mapping()?.jobs ?? [];
    const keep = jobSelect.value;
    jobSelect.replaceChildren(...jobs.map((j) => element('option', { value: j.jobId }, mapping.jobTitle(j.jobId))));
    if (jobs.some((j) => j.jobId === keep)) jobSelect.value = keep;
    void loadJob().catch((error: unknown) => (recruiterMessage.textContent = String(error)));
  };
  mapping.onChange(loadJobs);
  jobSelect.addEventListener('change', () => void loadJob().catch((error: unknown) => (recruiterMessage.textContent = String(error))));

  byId<HTMLFormElement>('recruiter-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const button = (event.currentTarget as HTMLFormElement).querySelector('button');
    void withBusy(button, recruiterMessage, async () => {
      const stage = JSON.parse(stageSelect.value) as { status: string; subStatus: string | null };
      await demoCall(`${demoBasePath}/recruiter/moves`, { method: 'POST', body: { candidateId: candidateSelect.value, jobId: jobSelect.value, ...stage } });
      await loadJob();
      return `Moved to ${stage.subStatus ?? stage.status} in SmartRecruiters`;
    });
  });

  const refreshInvitations = async () => {
    const { items } = await demoCall<{ items: DemoInvitation[] }>(`${demoBasePath}/candidate/invitations`);
    const open = items.filter((i) => !i.completed);
    const keep = invitationSelect.value;
    const options = open.map((i) => element('option', { value: i.participantKey }, `${i.name} — interview ${i.interview}`));
    const same = options.length === invitationSelect.options.length && options.every((o, n) => o.value === invitationSelect.options[n]?.value);
    if (same) return;
    invitationSelect.replaceChildren(...options);
    if (open.some((i) => i.participantKey === keep)) invitationSelect.value = keep;
  };
  byId<HTMLFormElement>('candidate-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const button = (event.currentTarget as HTMLFormElement).querySelector('button');
    void withBusy(button, candidateMessage, async () => {
      if (!invitationSelect.value) throw new Error('No open invitation yet');
      await demoCall(`${demoBasePath}/candidate/completions`, { method: 'POST', body: { participantKey: invitationSelect.value } });
      await refreshInvitations();
      return 'Interview completed in Willo';
    });
  });
  return { refresh: refreshInvitations };
}

export async function demoInterviews(demoBasePath: string): Promise<{ key: string; title: string }[]> {
  return (await demoCall<{ items: { key: string; title: string }[] }>(`${demoBasePath}/interviews`)).items;
}
