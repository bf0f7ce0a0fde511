import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Without per-file isolation a worker loads aws-cdk-lib and the AWS SDK clients once instead of once per
// test file. The files share no mutable state: aws-sdk-client-mock stubs are reset in each, and
// environment stubs are undone after each test.
export default mergeConfig(sharedConfig, { test: { isolate: false } });
