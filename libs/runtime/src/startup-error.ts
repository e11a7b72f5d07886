/**
 * A failure to start that the operator fixes from the message alone (a bad setting, a busy port):
 * `runService` prints it as is, without a stack trace, and exits non-zero.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The port a setting names is taken: says which variable to change. */
export class PortInUseError extends StartupError {
  constructor(
    readonly variable: string,
    readonly port: number,
    options?: { cause?: unknown },
  ) {
    super(`${variable} ${port} is in use: set ${variable} to a free port`, options);
  }
}

const isErrno = (error: unknown, code: string) => (error as NodeJS.ErrnoException | undefined)?.code === code;

/**
 * Starts something that listens on the port of `variable`, turning "address in use" into a
 * {@link PortInUseError} naming that variable.
 */
export async function listeningOn<T>(variable: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (isErrno(error, 'EADDRINUSE')) throw new PortInUseError(variable, port, { cause: error });
    if (isErrno(error, 'EACCES')) throw new StartupError(`${variable} ${port} needs privileges: set ${variable} to a port above 1023`, { cause: error });
    throw error;
  }
}
