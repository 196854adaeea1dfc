import { startSdkApp, type SdkApp } from './support/langgraph-sdk';
import { threadScenarios } from './support/langgraph-sdk-threads';

describe('LangGraph SDK: threads, runs, state, history and interrupts', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(async () => {
    await sdk?.close();
  });

  threadScenarios(() => sdk);
});
