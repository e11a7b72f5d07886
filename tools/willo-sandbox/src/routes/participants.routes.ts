import { Hono, type Context } from 'hono';
import { jsonObject, optionalString, requiredString, type SandboxDeps, type SandboxEnv } from '../sandbox-deps';
import { badRequest, notFound } from '../http/sandbox-http-error';
import { sandboxWire } from '../sandbox-settings';
import type { SandboxParticipant } from '../state/sandbox-state';
import { page, participantBody } from '../wire';
import { pageSize } from './interviews.routes';

/** ASSUMED initial stage: the files give no stage values at all. */
export const initialStage = 'invited';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const e164Pattern = /^\+[1-9]\d{6,14}$/;

/**
 * `/participants/` and `/participants/{key}/` [REF paths and codes]. An invite records an
 * {@link Invitation}; inviting the same email to the same interview again is accepted, as nothing says
 * Willo refuses it, and shows up as a second participant and a second invitation.
 */
export function participantsRoutes(deps: SandboxDeps) {
  const { state, origin } = deps;
  const app = new Hono<SandboxEnv>({ strict: true });

  app.get('/', (c) => {
    const query = c.req.query();
    // Undocumented filters: a sandbox started with `participantFilters: false` ignores them, as Willo may.
    const filter = deps.participantFilters ? query : {};
    const email = filter['email']?.toLowerCase();
    const items = state
      .listOf(state.participants, c.get('organisationId'))
      .filter((p) => filter['interview'] === undefined || p.interview === filter['interview'])
      .filter((p) => email === undefined || p.email?.toLowerCase() === email)
      .map((p) => participantBody(p, origin()));
    return c.json(page(items, c.req.url, sandboxWire.pageParam, sandboxWire.pageSizeParam, pageSize(query)));
  });

  app.post('/', async (c) => {
    const organisationId = c.get('organisationId');
    const body = await jsonObject(c);
    const interviewKey = requiredString(body, 'interview');
    if (!state.interviewOf(organisationId, interviewKey)) {
      throw badRequest('interview', `Object with key=${interviewKey} does not exist.`);
    }
    const participant: SandboxParticipant = {
      organisationId,
      key: state.newKey(),
      interview: interviewKey,
      stage: optionalString(body, 'stage') ?? initialStage,
      metadata: metadata(body['metadata']) ?? {},
      responses: [],
      created: state.timestamp(),
      ...contactFields(body),
    };
    state.participants.set(participant.key, participant);
    state.invitations.push({
      organisationId,
      participantKey: participant.key,
      interview: interviewKey,
      invitedAt: participant.created,
      ...(participant.email === undefined ? {} : { email: participant.email }),
      ...(participant.phone === undefined ? {} : { phone: participant.phone }),
    });
    return c.json(participantBody(participant, origin()), 201);
  });

  app.get('/:key/', (c) => c.json(participantBody(find(c), origin())));

  const update = (replace: boolean) => async (c: Context<SandboxEnv, '/:key/'>) => {
    const participant = find(c);
    const body = await jsonObject(c);
    if (replace) {
      const interviewKey = requiredString(body, 'interview');
      if (!state.interviewOf(participant.organisationId, interviewKey)) {
        throw badRequest('interview', `Object with key=${interviewKey} does not exist.`);
      }
      participant.interview = interviewKey;
    } else if (body['interview'] !== undefined && body['interview'] !== participant.interview) {
      throw badRequest('interview', 'The interview of a participant cannot be changed.');
    }
    Object.assign(participant, contactFields(body));
    const newMetadata = metadata(body['metadata']);
    if (newMetadata !== undefined) participant.metadata = newMetadata;
    const stage = optionalString(body, 'stage');
    if (stage !== undefined && stage !== participant.stage) {
      const previousStage = participant.stage;
      participant.stage = stage;
      // ASSUMED payload shape; our own stage changes echo back, as the notes expect (§5.4).
      deps.dispatcher.dispatch(state.listOf(state.webhooks, participant.organisationId), 'stage_change', {
        trigger: 'stage_change',
        created: state.timestamp(),
        previous_stage: previousStage,
        participant: participantBody(participant, origin()),
      });
    }
    return c.json(participantBody(participant, origin()));
  };
  app.put('/:key/', update(true));
  app.patch('/:key/', update(false));

  app.delete('/:key/', (c) => {
    state.participants.delete(find(c).key);
    return c.body(null, 204);
  });

  app.get('/:key/idv-info/', (c) => {
    find(c);
    return c.json({ status: 'not_started' });
  });

  app.get('/:key/idv-media/', (c) => {
    find(c);
    return c.json({ media: [] });
  });

  function find(c: Context<SandboxEnv>): SandboxParticipant {
    const participant = state.participantOf(c.get('organisationId'), c.req.param('key') ?? '');
    if (!participant) throw notFound();
    return participant;
  }

  return app;
}

function contactFields(body: Record<string, unknown>) {
  const fields: Partial<Pick<SandboxParticipant, 'first_name' | 'last_name' | 'email' | 'phone'>> = {};
  const firstName = optionalString(body, 'first_name');
  if (firstName !== undefined) fields.first_name = firstName;
  const lastName = optionalString(body, 'last_name');
  if (lastName !== undefined) fields.last_name = lastName;
  const email = optionalString(body, 'email');
  if (email !== undefined) {
    if (!emailPattern.test(email)) throw badRequest('email', 'Enter a valid email address.');
    fields.email = email;
  }
  const phone = optionalString(body, 'phone');
  if (phone !== undefined) {
    if (!e164Pattern.test(phone)) throw badRequest('phone', 'Enter a valid phone number (E.164).');
    fields.phone = phone;
  }
  return fields;
}

/** ASSUMED `metadata` field: a flat object of strings, stored and echoed unchanged. */
function metadata(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('metadata', 'Expected a dictionary.');
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [name, item] of entries) {
    if (typeof item !== 'string') throw badRequest(`metadata.${name}`, 'Not a valid string.');
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
