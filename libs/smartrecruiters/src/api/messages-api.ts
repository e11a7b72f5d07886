import { ValidationError } from '@srw/errors';
import { nextCursorFromLink } from '../http/link-header';
import type { SrHttp } from '../http/sr-http';
import { itemsOf, type Page, paginate } from '../paging';
import { type MessageCreated, messageCreated, type MessageView, messagesView } from '../schemas/messages';

export interface NoteInput {
  candidateId: string;
  /** Text of the note; `#[CANDIDATE:<id>]` is prepended when missing so the note links to the profile. */
  content: string;
  /** Share with the hiring teams of these jobs. */
  hiringTeamOf?: string[];
  users?: string[];
  /** Visible to everyone with access to the candidate (cannot combine with `everyone`). */
  openNote?: boolean;
  /** Appended to the note by SR, not tracked: not an idempotency key. */
  correlationId?: string;
}

const maxNoteLength = 10_000;

/** Notes through `POST /messages/shares` and the check `GET /messages` (ADMINISTRATOR grants only). */
export class MessagesApi {
  constructor(private readonly http: SrHttp) {}

  /** Posts a note. Not retried after a 5xx: check {@link findNote} before posting again. */
  async postNote(note: NoteInput): Promise<MessageCreated> {
    const tag = `#[CANDIDATE:${note.candidateId}]`;
    const content = note.content.includes(tag) ? note.content : `${tag} ${note.content}`;
    // `Message.content` is 1–10000 characters (spec): refuse here rather than spend a call on a 400.
    if (content.length > maxNoteLength) {
      throw new ValidationError('SR note', [{ path: 'content', message: `has ${content.length} characters, SR accepts at most ${maxNoteLength}` }]);
    }
    const shareWith = {
      ...(note.hiringTeamOf ? { hiringTeamOf: note.hiringTeamOf } : {}),
      ...(note.users ? { users: note.users } : {}),
      ...(note.openNote !== undefined ? { openNote: note.openNote } : {}),
    };
    const { data } = await this.http.send({
      api: 'root',
      method: 'POST',
      path: '/messages/shares',
      body: { content, shareWith, ...(note.correlationId ? { correlationId: note.correlationId } : {}) },
      schema: messageCreated,
    });
    return data;
  }

  list(filter: { candidateId: string; jobId?: string; limit?: number }, from?: string): AsyncGenerator<Page<MessageView>, void, undefined> {
    return paginate(async (cursor) => {
      const { data, headers } = await this.http.send({
        api: 'root',
        method: 'GET',
        path: '/messages',
        query: { candidateId: filter.candidateId, jobId: filter.jobId, limit: filter.limit ?? 100, pageId: cursor },
        schema: messagesView,
      });
      return { items: data, cursor, nextCursor: nextCursorFromLink(headers.get('link'), 'pageId') };
    }, from);
  }

  /** The first note of the candidate whose content contains `marker` (e.g. `[willo:<responseId>]`). */
  async findNote(candidateId: string, marker: string, jobId?: string): Promise<MessageView | undefined> {
    for await (const message of itemsOf(this.list({ candidateId, ...(jobId ? { jobId } : {}) }))) {
      if (message.content?.includes(marker)) return message;
    }
    return undefined;
  }

  async delete(messageId: string): Promise<void> {
    const path = `/messages/shares/${encodeURIComponent(messageId)}`;
    // 404 answering a repeat after a 5xx means the first attempt deleted it.
    await this.http.send({ api: 'root', method: 'DELETE', path, schema: undefined, doneIfRepeatAnswers: [404] });
  }
}
