import { startWilloSandbox, type WilloSandbox, type WilloSandboxOptions } from '@srw/willo-sandbox';
import { createWilloClient, type WilloClient, type WilloClientOptions } from '../willo-client';

export interface SandboxOrganisation {
  organisationId: string;
  apiKey: string;
  interviewKey: string;
  client: WilloClient;
}

/**
 * A fresh organisation in `sandbox` (its own quotas and data, so tests do not share budgets) with one
 * three-question interview, and a client for it with fast retries.
 */
export function sandboxOrganisation(
  sandbox: WilloSandbox,
  clientOptions: Partial<WilloClientOptions> = {},
): SandboxOrganisation {
  const { organisationId, apiKey } = sandbox.control.addOrganisation('Test organisation');
  const { key: interviewKey } = sandbox.control.addInterview(organisationId, {
    title: 'Support Associate',
    questions: ['Who are you?', 'Why us?', 'Anything else?'].map((prompt) => ({
      prompt,
      type: 'video' as const,
      max_duration: 60,
      max_retakes: 1,
      thinking_time: 10,
    })),
  });
  const client = createWilloClient({
    apiKey,
    baseUrl: sandbox.apiBaseUrl,
    ...clientOptions,
    retry: { baseDelayMs: 20, maxDelayMs: 200, ...clientOptions.retry },
  });
  return { organisationId, apiKey, interviewKey, client };
}

export { startWilloSandbox, type WilloSandbox, type WilloSandboxOptions };
