export * from './types';
export * from './priceTable';
export * from './priceLookup';
export * from './usageAssumptions';
export * from './cloudProducts';
export * from './formatUsd';
export * from './estimateCost';
export * from './renderCostMarkdown';
