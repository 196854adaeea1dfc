import { startSdkApp, type SdkApp } from './support/langgraph-sdk';
import { platformScenarios } from './support/langgraph-sdk-platform';

describe('LangGraph SDK: multitask strategies, assistants and the store', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(async () => {
    await sdk?.close();
  });

  platformScenarios(() => sdk);
});
