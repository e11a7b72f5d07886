import { inspect } from 'node:util';

/**
 * A secret read from the configuration. It prints as `[redacted]` everywhere (`String()`, JSON,
 * `console.log`, a logged config object); only `reveal()` gives the value, at the one place that uses it.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'SecretValue([redacted])';
  }
}
