import type { RequestRecord } from './routes/api.routes';
import type { ActiveFault, FaultInjector, FaultPlan } from './http/faults';
import type { OrganisationQuotas, RateLimitSettings } from './http/rate-limit';
import type { SandboxDeps } from './sandbox-deps';
import type { Invitation, SandboxQuestion } from './state/sandbox-state';
import type { DeliveryRecord } from './webhooks/webhook-dispatcher';
import { participantBody } from './wire';

/**
 * What a test (or the standalone server's `/_control/` routes) can do behind the API's back: add
 * organisations and interviews, complete interviews, inject faults, change quotas, and inspect the
 * invitations, requests and webhook deliveries the sandbox recorded.
 */
export interface WilloSandboxControl {
  addOrganisation(name?: string): { organisationId: string; apiKey: string };
  /** Another key of the organisation (another Willo user); quotas stay per organisation. */
  addApiKey(organisationId: string): string;
  revokeApiKey(apiKey: string): void;
  addInterview(organisationId: string, input: { title: string; questions?: SandboxQuestion[] }): { key: string };
  /** "The candidate completed the interview": responses and a review link, then `new_response`. */
  completeInterview(participantKey: string): ReturnType<typeof participantBody>;
  invitations(organisationId?: string): Invitation[];
  requests(): RequestRecord[];
  deliveries(): DeliveryRecord[];
  /** Resolves once every webhook delivery (with its retries) has finished. */
  deliveriesSettled(): Promise<void>;
  injectFault(plan: FaultPlan): number;
  /** The active fault plans, each with how many times it fired. */
  faults(): readonly ActiveFault[];
  clearFaults(): void;
  setRateLimits(limits: Partial<RateLimitSettings>): void;
  /** Share of webhook deliveries that are never sent, 0..1. */
  setWebhookDropRate(rate: number): void;
}

export function sandboxControl(
  deps: SandboxDeps & { faults: FaultInjector; quotas: OrganisationQuotas; requests: RequestRecord[] },
): WilloSandboxControl {
  const { state, dispatcher, origin } = deps;
  return {
    addOrganisation: (name = 'Organisation') => state.addOrganisation(name),
    addApiKey: (organisationId) => state.addApiKey(organisationId),
    revokeApiKey: (apiKey) => state.revokeApiKey(apiKey),
    addInterview: (organisationId, input) => state.addInterview(organisationId, input),
    completeInterview(participantKey) {
      const participant = state.participants.get(participantKey);
      if (!participant) throw new Error(`no participant ${participantKey}`);
      if (participant.completedAt !== undefined) throw new Error(`participant ${participantKey} already completed`);
      const interview = state.interviews.get(participant.interview);
      const questions = interview?.questions ?? [];
      participant.responses = questions.map((q, index) => ({
        question: q.prompt,
        media_url: `${origin()}/media/${participant.key}/${index + 1}.mp4`,
        transcript: `Answer ${index + 1} of ${participant.first_name ?? 'the candidate'}.`,
        score: Math.round(state.random() * 100) / 10,
      }));
      participant.completedAt = state.timestamp();
      const body = participantBody(participant, origin());
      // ASSUMED payload: the trigger, when, and the participant as `GET /participants/{key}/` shows it.
      dispatcher.dispatch(state.listOf(state.webhooks, participant.organisationId), 'new_response', {
        trigger: 'new_response',
        created: participant.completedAt,
        participant: body,
      });
      return body;
    },
    invitations: (organisationId) =>
      state.invitations.filter((i) => organisationId === undefined || i.organisationId === organisationId),
    requests: () => deps.requests,
    deliveries: () => dispatcher.deliveries,
    deliveriesSettled: () => dispatcher.settled(),
    injectFault: (plan) => deps.faults.add(plan),
    faults: () => deps.faults.active.map((fault) => ({ ...fault })),
    clearFaults: () => deps.faults.clear(),
    setRateLimits(limits) {
      deps.quotas.limits = { ...deps.quotas.limits, ...limits };
    },
    setWebhookDropRate(rate) {
      dispatcher.dropRate = rate;
    },
  };
}
