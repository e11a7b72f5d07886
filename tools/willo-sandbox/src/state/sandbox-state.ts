import { keyFrom } from '../random';
import type { WebhookTrigger } from '../sandbox-settings';

export interface SandboxQuestion {
  prompt: string;
  type: 'video' | 'audio' | 'text';
  max_duration: number;
  max_retakes: number;
  thinking_time: number;
}

export interface SandboxInterview {
  organisationId: string;
  key: string;
  title: string;
  department?: string;
  language: string;
  questions: SandboxQuestion[];
  created: string;
}

export interface SandboxResponse {
  question: string;
  media_url: string;
  transcript: string;
  score: number;
}

export interface SandboxParticipant {
  organisationId: string;
  key: string;
  interview: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
  stage: string;
  metadata: Record<string, string>;
  responses: SandboxResponse[];
  completedAt?: string;
  created: string;
}

export interface SandboxWebhook {
  organisationId: string;
  key: string;
  target_url: string;
  trigger: WebhookTrigger;
  is_active: boolean;
  secret: string;
}

/** One invitation Willo would have sent: the record that makes duplicates visible. */
export interface Invitation {
  organisationId: string;
  participantKey: string;
  interview: string;
  email?: string;
  phone?: string;
  invitedAt: string;
}

export interface Organisation {
  id: string;
  name: string;
  apiKeys: string[];
}

/** Everything the sandbox knows, per organisation. Plain maps: one process, no persistence. */
export class SandboxState {
  readonly organisations = new Map<string, Organisation>();
  readonly organisationByApiKey = new Map<string, string>();
  readonly interviews = new Map<string, SandboxInterview>();
  readonly participants = new Map<string, SandboxParticipant>();
  readonly webhooks = new Map<string, SandboxWebhook>();
  readonly invitations: Invitation[] = [];

  constructor(
    readonly random: () => number,
    readonly now: () => number,
  ) {}

  newKey(): string {
    return keyFrom(this.random);
  }

  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  addOrganisation(name: string): { organisationId: string; apiKey: string } {
    const id = `org_${this.newKey()}`;
    const apiKey = this.newKey() + this.newKey();
    this.organisations.set(id, { id, name, apiKeys: [apiKey] });
    this.organisationByApiKey.set(apiKey, id);
    return { organisationId: id, apiKey };
  }

  /** Another user's key in the same organisation: its own permissions, the organisation's quotas. */
  addApiKey(organisationId: string): string {
    const organisation = this.organisations.get(organisationId);
    if (!organisation) throw new Error(`no organisation ${organisationId}`);
    const apiKey = this.newKey() + this.newKey();
    organisation.apiKeys.push(apiKey);
    this.organisationByApiKey.set(apiKey, organisationId);
    return apiKey;
  }

  /** Revokes a key, as rotating it on Willo's Integrations page does. */
  revokeApiKey(apiKey: string): void {
    const organisationId = this.organisationByApiKey.get(apiKey);
    this.organisationByApiKey.delete(apiKey);
    const organisation = organisationId === undefined ? undefined : this.organisations.get(organisationId);
    if (organisation) organisation.apiKeys = organisation.apiKeys.filter((k) => k !== apiKey);
  }

  addInterview(
    organisationId: string,
    input: { title: string; department?: string; language?: string; questions?: SandboxQuestion[] },
  ): SandboxInterview {
    const interview: SandboxInterview = {
      organisationId,
      key: this.newKey(),
      title: input.title,
      language: input.language ?? 'en',
      questions: input.questions ?? [],
      created: this.timestamp(),
      ...(input.department === undefined ? {} : { department: input.department }),
    };
    this.interviews.set(interview.key, interview);
    return interview;
  }

  /** Only what belongs to the caller's organisation exists for it: other keys answer 404. */
  interviewOf(organisationId: string, key: string): SandboxInterview | undefined {
    const interview = this.interviews.get(key);
    return interview?.organisationId === organisationId ? interview : undefined;
  }

  participantOf(organisationId: string, key: string): SandboxParticipant | undefined {
    const participant = this.participants.get(key);
    return participant?.organisationId === organisationId ? participant : undefined;
  }

  webhookOf(organisationId: string, key: string): SandboxWebhook | undefined {
    const webhook = this.webhooks.get(key);
    return webhook?.organisationId === organisationId ? webhook : undefined;
  }

  listOf<T extends { organisationId: string }>(items: Map<string, T>, organisationId: string): T[] {
    return [...items.values()].filter((item) => item.organisationId === organisationId);
  }
}
