/**
 * Stream names are `<category>-<id>`: categories are camelCase without `-`, ids join parts with `:`.
 * Every name is built here so that producers and readers can never disagree on the format.
 */
export const categories = [
  'integration',
  'syncRun',
  'srJob',
  'srApplication',
  'srCandidate',
  'interviewMapping',
  'invite',
] as const;
export type Category = (typeof categories)[number];

const idPart = /^[^\s:]+$/;

function streamName(category: Category, ...parts: string[]): string {
  for (const part of parts) {
    if (!idPart.test(part)) throw new TypeError(`stream id part ${JSON.stringify(part)} must be non-empty, without ':' or spaces`);
  }
  return `${category}-${parts.join(':')}`;
}

export const streams = {
  integration: (tenantId: string) => streamName('integration', tenantId),
  syncRun: (tenantId: string, runId: string) => streamName('syncRun', tenantId, runId),
  srJob: (tenantId: string, jobId: string) => streamName('srJob', tenantId, jobId),
  srApplication: (tenantId: string, candidateId: string, jobId: string) =>
    streamName('srApplication', tenantId, candidateId, jobId),
  srCandidate: (tenantId: string, candidateId: string) => streamName('srCandidate', tenantId, candidateId),
  interviewMapping: (tenantId: string, interviewId: string) => streamName('interviewMapping', tenantId, interviewId),
  invite: (tenantId: string, interviewId: string, candidateId: string) =>
    streamName('invite', tenantId, interviewId, candidateId),
} satisfies Record<Category, (...parts: string[]) => string>;

export interface ParsedStreamName {
  category: Category;
  /** The id parts, tenant first. */
  parts: string[];
}

/** Splits a stream name into its category and id parts; throws on a name we did not build. */
export function parseStreamName(stream: string): ParsedStreamName {
  const dash = stream.indexOf('-');
  const category = stream.slice(0, dash) as Category;
  if (dash <= 0 || !categories.includes(category)) throw new TypeError(`unknown stream category in ${JSON.stringify(stream)}`);
  return { category, parts: stream.slice(dash + 1).split(':') };
}

/** The prefix that selects every stream of a category (for `$all` subscriptions). */
export const categoryPrefix = (category: Category) => `${category}-`;
