import { RemotePermitLimiter, SharedRateBudget } from '@srw/http-kit';
import { contractLimits, rateBudgetContract } from '../testing/rate-budget.contract';
import { srRateLimiter, srRateLimits } from './rate-limiter';

rateBudgetContract('one SlidingWindowRateLimiter in the process', async () => {
  const limiter = srRateLimiter(contractLimits);
  return { limiters: async (count) => Array.from({ length: count }, () => limiter), close: async () => undefined };
});

// The permit protocol without HTTP (connector-auth's route is run over HTTP in its own spec).
rateBudgetContract('permits of a SharedRateBudget, one RemotePermitLimiter per caller', async () => {
  const budget = new SharedRateBudget({ limits: srRateLimits(contractLimits), leaseMs: 2_000, startQuietMs: 0 });
  return {
    limiters: async (count) => Array.from({ length: count }, () => new RemotePermitLimiter({ exchange: (request) => budget.exchange(request), key: 'tenant-a' })),
    close: async () => undefined,
  };
});
