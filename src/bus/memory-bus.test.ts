import { describe } from 'vitest';
import { busContract } from './bus.contract.js';
import { createMemoryBus } from './memory-bus.js';

describe('memory bus', () => {
  // Each instance is its own world, so the tests about instances sharing a backend are skipped.
  busContract(() => ({ open: (presenceTtlMs) => createMemoryBus(presenceTtlMs) }), { shared: false });
});
