import type { Logger } from '@srw/observability';
import { StartupError } from './startup-error';

export interface StopOnSignalsOptions {
  stop(): Promise<void>;
  logger: Logger;
  /** How long `stop` may take before the process exits anyway. */
  timeoutMs: number;
  signals?: readonly NodeJS.Signals[];
}

/**
 * The first SIGTERM or SIGINT stops gracefully and exits 0 (1 if a part failed to stop). A second
 * signal, or a stop that outlasts the timeout, exits 1 at once: an operator pressing Ctrl-C twice,
 * or an orchestrator whose grace period ends, must never wait on a hung shutdown.
 */
export function stopOnSignals(options: StopOnSignalsOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.error('second signal: exiting before the shutdown finished', { signal });
      process.exit(1);
    }
    stopping = true;
    options.logger.info('shutting down', { signal, timeoutMs: options.timeoutMs });
    const timer = setTimeout(() => {
      options.logger.error(`shutdown timed out after ${options.timeoutMs} ms: exiting before it finished`);
      process.exit(1);
    }, options.timeoutMs);
    options.stop().then(
      () => {
        clearTimeout(timer);
        options.logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        options.logger.error('stopped, with parts that failed to stop', { error });
        process.exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, onSignal);
}

/**
 * Says why the service did not start. A `StartupError` is one line for the operator (what to set);
 * anything else is unexpected and keeps its stack.
 */
export function reportStartupFailure(service: string, error: unknown, logger?: Logger): void {
  if (error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
    return;
  }
  if (logger) logger.error('failed to start', { error, stack: (error as Error)?.stack });
  else process.stderr.write(`${service} failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
}
