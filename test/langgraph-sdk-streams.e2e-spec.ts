import { sdkAppForSuite } from './support/langgraph-sdk';
import { streamScenarios } from './support/langgraph-sdk-streams';

describe('LangGraph SDK: stream modes, join and Last-Event-ID', () => {
  streamScenarios(sdkAppForSuite());
});
