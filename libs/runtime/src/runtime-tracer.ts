import { trace, type Tracer } from '@opentelemetry/api';

/**
 * The tracer of the runtime's spans (append, relay, consume). Looked up on each use rather than
 * held: a tracer taken before telemetry started stays bound to the provider of that moment.
 */
export const runtimeTracer = (): Tracer => trace.getTracer('@srw/runtime');
