import * as engines from '.';

/**
 * The quant engines' pieces other code uses, named (`quant.valueAtRisk`): the asset classes and
 * indicators the API describes, the risk functions the rebalance workflow computes with, and the signal
 * engine (tests check a model version's results against it).
 */
export const quant = Object.freeze({
  ASSET_CLASSES: engines.ASSET_CLASSES,
  ASSET_CLASS_PROFILES: engines.ASSET_CLASS_PROFILES,
  INDICATOR_NAMES: engines.INDICATOR_NAMES,
  maxDrawdown: engines.maxDrawdown,
  pricePath: engines.pricePath,
  resolveReturns: engines.resolveReturns,
  tradingSignal: engines.tradingSignal,
  valueAtRisk: engines.valueAtRisk,
});
