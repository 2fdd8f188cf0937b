// Runs the ExecutionStore contract against the in-memory store.
import { describeExecutionStoreContract } from '../contract/execution-store.contract.js';
import { InMemoryExecutionStore } from './memory-store.js';

describeExecutionStoreContract('in memory', { open: async () => new InMemoryExecutionStore() });
