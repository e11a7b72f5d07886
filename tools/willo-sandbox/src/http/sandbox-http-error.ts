/** An HTTP error the sandbox answers as Willo does: the status and a DRF-style `{"detail": …}` body. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 429 | 500 | 502 | 503,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'SandboxHttpError';
  }
}

export const notFound = () => new SandboxHttpError(404, 'Not found.');
export const badRequest = (field: string, message: string) => new SandboxHttpError(400, `${field}: ${message}`);
