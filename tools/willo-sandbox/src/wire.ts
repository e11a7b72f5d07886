import type { SandboxInterview, SandboxParticipant, SandboxWebhook } from './state/sandbox-state';

/**
 * Bodies as Willo sends them. Optional fields are left out rather than sent as `null` where the OpenAPI
 * files type them as plain strings. `share_url`, `review_url` and `metadata` are ASSUMED extra fields
 * (the files model none); the OpenAPI schemas allow extra properties, so they stay valid.
 */
export function interviewBody(interview: SandboxInterview, origin: string) {
  return {
    key: interview.key,
    title: interview.title,
    ...(interview.department === undefined ? {} : { department: interview.department }),
    language: interview.language,
    questions: interview.questions,
    created: interview.created,
    share_url: `${origin}/i/${interview.key}/`,
  };
}

export function participantBody(participant: SandboxParticipant, origin: string) {
  const { organisationId: _organisation, completedAt, ...fields } = participant;
  return {
    ...fields,
    review_url: completedAt === undefined ? null : `${origin}/review/${participant.key}/`,
  };
}

export function webhookBody(webhook: SandboxWebhook, { withSecret }: { withSecret: boolean }) {
  const { organisationId: _organisation, secret, ...fields } = webhook;
  // ASSUMED: the secret is shown once, when the webhook is created, as signing secrets usually are.
  return withSecret ? { ...fields, secret } : fields;
}

/** The DRF-style page: `{count, next, previous, results}`; the files model only `results`. */
export function page<T>(items: T[], requestUrl: string, pageParam: string, pageSizeParam: string, size: number) {
  const url = new URL(requestUrl);
  const pageNumber = Math.max(1, Number.parseInt(url.searchParams.get(pageParam) ?? '1', 10) || 1);
  const start = (pageNumber - 1) * size;
  const linkTo = (n: number) => {
    const link = new URL(url);
    link.searchParams.set(pageParam, String(n));
    link.searchParams.set(pageSizeParam, String(size));
    return link.toString();
  };
  return {
    count: items.length,
    next: start + size < items.length ? linkTo(pageNumber + 1) : null,
    previous: pageNumber > 1 ? linkTo(pageNumber - 1) : null,
    results: items.slice(start, start + size),
  };
}
