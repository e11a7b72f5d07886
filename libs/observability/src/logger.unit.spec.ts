import { describe, expect, it } from 'vitest';
import { createLogger, withLogFields } from './logger';

describe('logger', () => {
  it('never writes secrets, at any depth', () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'connector-auth', clientSecret: 's3' }, { write: (line) => lines.push(line) });
    logger.info('token refreshed', {
      tenantId: 't1',
      grant: { access_token: 'at-123', refresh_token: 'rt-456', expires_in: 1800 },
      headers: { Authorization: 'Bearer at-123', 'x-api-key': 'k' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/at-123|rt-456|s3"|"k"/);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'info', message: 'token refreshed', service: 'connector-auth', tenantId: 't1' });
    expect(line.grant.expires_in).toBe(1800);
  });

  it('drops lines below its level and carries child fields', () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'x' }, { level: 'warn', write: (line) => lines.push(line) }).child({ tenantId: 't9' });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ message: 'loud', tenantId: 't9', service: 'x' })]);
  });

  it('adds the fields of the current scope to every line, across awaits, and nested scopes add theirs', async () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'x' }, { write: (line) => lines.push(line) });
    await withLogFields({ requestId: 'r1' }, async () => {
      await Promise.resolve();
      logger.info('inside');
      await withLogFields({ tenantId: 't1' }, async () => logger.info('nested'));
    });
    logger.info('outside');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ message: 'inside', requestId: 'r1' }),
      expect.objectContaining({ message: 'nested', requestId: 'r1', tenantId: 't1' }),
      expect.not.objectContaining({ requestId: 'r1' }),
    ]);
  });
});
