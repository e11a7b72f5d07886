import { z } from 'zod';
import { srDate } from './common';

export const messageCreated = z.object({ id: z.string().min(1), shareRequired: z.boolean().optional() });
export type MessageCreated = z.infer<typeof messageCreated>;

export const messageView = z.object({
  content: z.string(),
  createdOn: srDate.optional(),
  visibility: z.string().optional(),
  authorId: z.string().optional(),
  context: z
    .object({ applications: z.array(z.object({ candidateId: z.string().optional(), jobId: z.string().optional() })).optional() })
    .optional(),
});
export type MessageView = z.infer<typeof messageView>;

export const messagesView = z.array(messageView);
