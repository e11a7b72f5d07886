import { parseStreamName } from '@srw/contracts';
import { DomainRuleViolation } from '../domain-rule-violation';

/**
 * The note response-writeback posts on the SR candidate, as text. A per-tenant template with
 * `{{placeholder}}`s fills the body; the candidate tag (`#[CANDIDATE:<id>]`, which links the note to the
 * profile) and the marker (which finds the note again after a crash) are added around it whatever the
 * template says, so no template can break linking or exactly-once.
 */
export const notePlaceholders = ['interviewName', 'completedAt', 'reviewUrl', 'interviewId', 'candidateId'] as const;
export type NotePlaceholder = (typeof notePlaceholders)[number];
export type NoteValues = Record<NotePlaceholder, string>;

/** Used for every tenant without a template of its own. */
export const defaultNoteTemplate = [
  'Willo video interview completed: {{interviewName}}',
  'Completed at: {{completedAt}}',
  'Review the responses: {{reviewUrl}}',
].join('\n');

/** SR accepts notes of at most 10,000 characters; a template is kept well below that. */
export const maxNoteTemplateLength = 4_000;

const placeholderPattern = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The placeholders a template names that we do not fill: empty for a usable template. */
export function unknownNotePlaceholders(template: string): string[] {
  const known = new Set<string>(notePlaceholders);
  return [...template.matchAll(placeholderPattern)].map((m) => m[1] as string).filter((name) => !known.has(name));
}

/**
 * The marker of one invite's note: derived from the invite stream id alone (ids only, no PII), the
 * same on every attempt and in every process, so `GET /messages` finds a note an earlier attempt
 * posted before it could record `NoteWritten`.
 */
export function noteMarker(inviteStream: string): string {
  const { category } = parseStreamName(inviteStream);
  if (category !== 'invite') throw new TypeError(`${inviteStream} is not an invite stream`);
  return `[srw-note:${inviteStream}]`;
}

/** `2026-12-02T05:46:57.123Z` → `2026-12-02 05:46 UTC`: what a recruiter reads. */
export function noteTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

export interface NoteTextInput {
  inviteStream: string;
  candidateId: string;
  /** The tenant's template; undefined: {@link defaultNoteTemplate}. */
  template?: string | undefined;
  values: Omit<NoteValues, 'candidateId'>;
}

/** The whole note: `#[CANDIDATE:<id>]`, the filled template, the marker on its own last line. */
export function noteText(input: NoteTextInput): string {
  const template = input.template ?? defaultNoteTemplate;
  const unknown = unknownNotePlaceholders(template);
  if (unknown.length > 0) {
    throw new DomainRuleViolation('unknown_placeholder', `the note template names unknown placeholders: ${unknown.join(', ')}`);
  }
  const values: NoteValues = { ...input.values, candidateId: input.candidateId };
  const body = template.replace(placeholderPattern, (_all, name: NotePlaceholder) => values[name]);
  return `#[CANDIDATE:${input.candidateId}] ${body}\n${noteMarker(input.inviteStream)}`;
}
