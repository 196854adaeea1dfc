import { sdkAppForSuite } from './support/langgraph-sdk';
import { platformScenarios } from './support/langgraph-sdk-platform';

describe('LangGraph SDK: multitask strategies, assistants and the store', () => {
  platformScenarios(sdkAppForSuite());
});
