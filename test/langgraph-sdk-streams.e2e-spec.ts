import { startSdkApp, type SdkApp } from './support/langgraph-sdk';
import { streamScenarios } from './support/langgraph-sdk-streams';

describe('LangGraph SDK: stream modes, join and Last-Event-ID', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(async () => {
    await sdk?.close();
  });

  streamScenarios(() => sdk);
});
