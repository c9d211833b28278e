export { EntityCostContent } from './EntityCostContent';
export type { EntityCostContentProps } from './EntityCostContent';
export { EntityCostCard } from './EntityCostCard';
export type { EntityCostCardProps } from './EntityCostCard';
export { EntityHealthContent } from './EntityHealthContent';
export { EntityHealthCard } from './EntityHealthCard';
export type { EntityHealthCardProps } from './EntityHealthCard';
