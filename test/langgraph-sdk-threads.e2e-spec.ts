import { sdkAppForSuite } from './support/langgraph-sdk';
import { threadScenarios } from './support/langgraph-sdk-threads';

describe('LangGraph SDK: threads, runs, state, history and interrupts', () => {
  threadScenarios(sdkAppForSuite());
});
