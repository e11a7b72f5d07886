import { z } from 'zod';
import { openEnum } from '@srw/http-kit';
import { srDate } from './common';

/**
 * `MessageDetails` of `POST /messages/shares`. `id` is optional in the spec but kept required: it is
 * the only handle on the note (delete, exactly-once bookkeeping). See the README.
 */
export const messageCreated = z.object({ id: z.string().min(1), shareRequired: z.boolean().optional() });
export type MessageCreated = z.infer<typeof messageCreated>;

export const messageVisibilities = ['PUBLIC', 'INTERNAL'] as const;
export type KnownMessageVisibility = (typeof messageVisibilities)[number];

/** `MessageView` of `GET /messages`: nothing required by the spec. */
export const messageView = z.object({
  content: z.string().optional(),
  createdOn: srDate.optional(),
  visibility: openEnum(messageVisibilities).optional(),
  authorId: z.string().optional(),
  context: z
    .object({ applications: z.array(z.object({ candidateId: z.string().optional(), jobId: z.string().optional() })).optional() })
    .optional(),
});
export type MessageView = z.infer<typeof messageView>;

export const messagesView = z.array(messageView);
