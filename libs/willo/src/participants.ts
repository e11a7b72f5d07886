import { parseWith } from '@srw/errors';
import { z } from 'zod';
import { keySegment, type WilloHttp } from './willo-http';
import { participantFilterParams } from './willo-settings';
import { participantInputWire, participantWire, sameEmail, type WilloParticipant } from './willo-wire';

/** An invitation as we ask for it. `metadata` carries our ids (SR candidate, job, invite stream). */
export const willoInviteSchema = z.object({
  interviewKey: z.string().min(1),
  firstName: z.string().min(1).optional(),
  lastName: z.string().min(1).optional(),
  email: z.email(),
  /** E.164, e.g. `+447700900123`; left out when SR has none. */
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +447700900123')
    .optional(),
  stage: z.string().min(1).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
export type WilloInvite = z.input<typeof willoInviteSchema>;

/** Participants (candidates) and their invitations, responses and stage. */
export interface WilloParticipants {
  /**
   * Invites now: Willo sends the email/SMS. Not idempotent: a retry may invite twice, so callers that
   * retry use {@link WilloClient.inviteOnce}. Throws {@link ValidationError} before calling Willo when the
   * invite is incomplete, and an `UpstreamError` (400) when Willo refuses it.
   */
  invite(invite: WilloInvite): Promise<WilloParticipant>;
  /** One participant with its responses and review link (once completed); `NotFoundError` if unknown. */
  get(key: string): Promise<WilloParticipant>;
  /** Moves the participant to `stage` (a free string in Willo). Idempotent. */
  changeStage(key: string, stage: string): Promise<WilloParticipant>;
  /**
   * The participants of `interviewKey` with this email (trimmed, case-insensitive), oldest first.
   * Normally zero or one; more means someone invited twice before. Any email Willo holds is read (only
   * the invite we send is checked strictly), so one odd address does not fail the lookup for everyone.
   */
  findByInterviewAndEmail(interviewKey: string, email: string): Promise<WilloParticipant[]>;
}

export function willoParticipants(http: WilloHttp): WilloParticipants {
  const get = async (key: string) =>
    http.request({
      method: 'GET',
      path: participantPath(key),
      call: 'GET /participants/{key}/',
      schema: participantWire,
    });
  return {
    async invite(invite) {
      const parsed = parseWith(willoInviteSchema, invite, 'Willo invite');
      return http.request({
        method: 'POST',
        path: '/participants/',
        call: 'POST /participants/',
        body: participantInputWire(parsed),
        schema: participantWire,
      });
    },
    get,
    changeStage: async (key, stage) =>
      http.request({
        method: 'PATCH',
        path: participantPath(key),
        call: 'PATCH /participants/{key}/',
        // Only the stage: a partial PATCH must not resend (and so overwrite) anything else.
        body: { stage },
        schema: participantWire,
      }),
    async findByInterviewAndEmail(interviewKey, email) {
      const all = await http.list({
        path: '/participants/',
        call: 'GET /participants/',
        // The hint trimmed: a server that filters exactly would otherwise hide the participant.
        query: { [participantFilterParams.interview]: interviewKey, [participantFilterParams.email]: email.trim() },
        item: participantWire,
      });
      const withEmail = all.filter((p) => sameEmail(p.email, email));
      // A record that does not say its interview is read on its own (normally none; at most the few with
      // this email); if that does not say either, it is left out rather than guessed into this interview.
      const resolved: WilloParticipant[] = [];
      for (const p of withEmail) resolved.push(p.interviewKey === undefined ? await get(p.key) : p);
      return resolved
        .filter((p) => p.interviewKey === interviewKey)
        .sort((a, b) => (a.created ?? '').localeCompare(b.created ?? ''));
    },
  };
}

const participantPath = (key: string) => `/participants/${keySegment(key, 'participant')}/`;
