import { z } from 'zod';
import { openEnum } from '@srw/http-kit';
import { action, idLabel, srDate } from './common';

export const jobStatuses = ['CREATED', 'SOURCING', 'FILLED', 'INTERVIEW', 'OFFER', 'CANCELLED', 'ON_HOLD', 'OTHER'] as const;
export type KnownJobStatus = (typeof jobStatuses)[number];
export const jobStatus = openEnum(jobStatuses);

export const postingStatuses = ['PUBLIC', 'INTERNAL', 'NOT_PUBLISHED', 'PRIVATE'] as const;
export type KnownPostingStatus = (typeof postingStatuses)[number];
export const postingStatus = openEnum(postingStatuses);

const location = z.object({
  city: z.string().optional(),
  region: z.string().optional(),
  regionCode: z.string().optional(),
  country: z.string().optional(),
  countryCode: z.string().optional(),
  remote: z.boolean().optional(),
});

/** `JobSummary` of `GET /jobs`: the spec requires only `id` (`Job.required`). */
export const jobSummary = z.object({
  id: z.string().min(1),
  title: z.string().optional(),
  refNumber: z.string().optional(),
  createdOn: srDate.optional(),
  updatedOn: srDate.optional(),
  lastActivityOn: srDate.optional(),
  department: z.object({ id: z.string().optional(), label: z.string() }).optional(),
  location: location.optional(),
  status: jobStatus.optional(),
  postingStatus: postingStatus.optional(),
  language: z.object({ code: z.string() }).optional(),
  actions: z.object({ details: action }).optional(),
});
export type JobSummary = z.infer<typeof jobSummary>;

/** `Jobs`: nothing required by the spec; a page without `content` reads as an empty page. */
export const jobsPage = z.object({
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  // Not required by the spec's `Jobs` (it is for `Candidates`); paging does not need it.
  totalFound: z.number().int().optional(),
  nextPageId: z.string().optional(),
  content: z.array(jobSummary).default([]),
});

const jobAdSection = z.object({ title: z.string().optional(), text: z.string().optional() });

/** `JobDetails` of `GET /jobs/{jobId}`. */
export const jobDetails = jobSummary.extend({
  targetHiringDate: srDate.optional(),
  industry: idLabel.optional(),
  function: idLabel.optional(),
  typeOfEmployment: idLabel.optional(),
  experienceLevel: idLabel.optional(),
  eeoCategory: idLabel.optional(),
  template: z.boolean().optional(),
  creator: z.object({ id: z.string().optional(), firstName: z.string().optional(), lastName: z.string().optional() }).optional(),
  compensation: z.object({ min: z.number().optional(), max: z.number().optional(), currency: z.string().optional() }).optional(),
  jobAd: z
    .object({
      sections: z
        .object({
          companyDescription: jobAdSection.optional(),
          jobDescription: jobAdSection.optional(),
          qualifications: jobAdSection.optional(),
          additionalInformation: jobAdSection.optional(),
        })
        .optional(),
    })
    .optional(),
  properties: z.array(z.object({ id: z.string(), label: z.string().optional(), value: z.object({ id: z.string().optional(), label: z.string().optional() }).optional() })).optional(),
  actions: z.record(z.string(), action).optional(),
});
export type JobDetails = z.infer<typeof jobDetails>;
