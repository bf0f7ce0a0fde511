import { buildApp } from './app';

// The entry `cdk` runs (cdk.json): context from `-c key=value`, cdk.json and the environment.
buildApp().app.synth();
