import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEvent, streams, topics } from '@srw/contracts';
import { silentLogger } from '@srw/observability';
import { appendEvents, parseEventMessage } from '@srw/runtime';
import { eventually } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedConfigSchema } from './config';
import { startEmbeddedStack, type EmbeddedStack } from './embedded-stack';

describe('embedded stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-'));
  let stack: EmbeddedStack | undefined;
  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves health, runs both sandboxes and relays appended events to the bus', async () => {
    const config = embeddedConfigSchema.parse({
      DATA_DIR: dir,
      PORT: 0,
      SR_SANDBOX_PORT: 0,
      WILLO_SANDBOX_PORT: 0,
      SR_SANDBOX_JOBS: 20,
      SR_SANDBOX_CANDIDATES: 50,
    });
    stack = await startEmbeddedStack(config, silentLogger);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${stack.srSandboxUrl}/jobs`)).status).toBe(401);

    const seen: string[] = [];
    const consumer = await stack.bus.consume({
      groupId: 'embedded-test',
      topics: [topics.integration],
      handle: async (raw) => void seen.push(parseEventMessage(raw).type),
    });
    const metadata = { tenantId: 't1', correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() };
    await appendEvents(stack.eventStore, streams.integration('t1'), [
      { event: createEvent('IntegrationEnableRequested', { requestedBy: 'admin', plan: 'growth' }, metadata) },
    ]);
    await eventually(() => seen.includes('IntegrationEnableRequested'), { what: 'the relayed event' });
    await consumer.stop();
  });
});
