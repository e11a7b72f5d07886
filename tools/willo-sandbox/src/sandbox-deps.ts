import type { Context } from 'hono';
import { SandboxHttpError } from './http/sandbox-http-error';
import type { SandboxState } from './state/sandbox-state';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher';

/** What the route factories need: the state, the webhook dispatcher and the public origin. */
export interface SandboxDeps {
  state: SandboxState;
  dispatcher: WebhookDispatcher;
  origin(): string;
  /** Whether `GET /participants/` honours `?interview=` and `?email=` (ASSUMED; undocumented). */
  participantFilters: boolean;
}

export type SandboxEnv = { Variables: { organisationId: string } };

/** The request body as a JSON object, or the 400 Willo gives for anything else. */
export async function jsonObject(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new SandboxHttpError(400, 'JSON parse error - request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SandboxHttpError(400, 'Invalid data. Expected a dictionary.');
  }
  return body as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new SandboxHttpError(400, `${field}: Not a valid string.`);
  return value;
}

export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined || value.trim() === '') throw new SandboxHttpError(400, `${field}: This field is required.`);
  return value;
}
