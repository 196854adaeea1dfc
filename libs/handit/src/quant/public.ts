import {
  ASSET_CLASSES,
  ASSET_CLASS_PROFILES,
  INDICATOR_NAMES,
  maxDrawdown,
  pricePath,
  resolveReturns,
  valueAtRisk,
} from '.';

/**
 * The quant engines' pieces other code uses, named (`quant.valueAtRisk`): the asset classes and
 * indicators the API describes, and the risk functions the rebalance workflow computes with.
 */
export const quant = Object.freeze({
  ASSET_CLASSES,
  ASSET_CLASS_PROFILES,
  INDICATOR_NAMES,
  maxDrawdown,
  pricePath,
  resolveReturns,
  valueAtRisk,
});
