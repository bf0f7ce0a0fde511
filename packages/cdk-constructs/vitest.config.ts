import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Every test file synthesizes stacks with aws-cdk-lib. Without per-file isolation a worker loads (and
// the JIT warms) aws-cdk-lib once instead of once per file: a third of the CPU time, same tests. They
// share no mutable state: each builds its own App.
export default mergeConfig(sharedConfig, { test: { isolate: false } });
