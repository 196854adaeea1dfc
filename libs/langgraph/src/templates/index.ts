import { DESK_ASSISTANT } from './desk-assistant';
import { MARKET_SCAN } from './market-scan';
import { PORTFOLIO_REBALANCE } from './portfolio-rebalance';
import type { WorkflowTemplate } from './template.types';
import { TRADING_ANALYSIS } from './trading-analysis';

/** The shipped templates. A new template is one WorkflowTemplate added here. */
export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  TRADING_ANALYSIS,
  MARKET_SCAN,
  PORTFOLIO_REBALANCE,
  DESK_ASSISTANT,
];
export type { WorkflowTemplate, TemplateDeps } from './template.types';
