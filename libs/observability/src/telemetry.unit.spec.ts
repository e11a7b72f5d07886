import { context } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from './telemetry';
import { contextFromTraceparent, currentTraceparent } from './trace-context';

describe('telemetry without a collector', () => {
  const telemetry = startTelemetry({ serviceName: 'test', export: false });
  afterAll(() => telemetry.shutdown());

  it('carries an incoming W3C trace context through to what we propagate', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const propagated = context.with(contextFromTraceparent(incoming), () => currentTraceparent());
    expect(propagated).toBe(incoming);
  });

  it('propagates nothing when no trace is active', () => {
    expect(currentTraceparent()).toBeUndefined();
  });
});
