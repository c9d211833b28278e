import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_RENDERER_VERSION,
  ANNOTATION_STACK,
} from '@skyforge/plugin-skyforge-common';
import {
  RENDERER_VERSION,
  rendererVersionStatus,
} from '@skyforge/stack-renderer';

/** The software template that opens an upgrade pull request (templates/upgrade-stack). */
export const UPGRADE_TEMPLATE = {
  namespace: 'default',
  templateName: 'skyforge-upgrade-stack',
};

/** Whether an entity's stack was rendered by an older renderer than the one installed. */
export interface StackUpgrade {
  /** The version the entity's stack records; undefined for stacks rendered before 0.2.0. */
  renderedBy: string | undefined;
  installed: string;
}

/**
 * The upgrade available for an entity's stack, or undefined when there is none: the entity was
 * not rendered by Skyforge (no `skyforge.io/stack`), or its `skyforge.io/renderer-version` is the
 * installed renderer's or newer. A stack without the version annotation predates it (0.1.0).
 */
export function stackUpgrade(entity: Entity): StackUpgrade | undefined {
  const annotations = entity.metadata.annotations ?? {};
  if (!annotations[ANNOTATION_STACK]) return undefined;
  const renderedBy = annotations[ANNOTATION_RENDERER_VERSION];
  if (renderedBy !== undefined) {
    const status = rendererVersionStatus(renderedBy);
    if (status !== 'behind') return undefined;
  }
  return { renderedBy, installed: RENDERER_VERSION };
}

/**
 * Whether an entity's stack can be upgraded to the installed renderer; for `EntitySwitch.Case`
 * in the legacy frontend system.
 *
 * @public
 */
export function isSkyforgeStackUpgradeAvailable(entity: Entity): boolean {
  return stackUpgrade(entity) !== undefined;
}

/** The upgrade template's URL with the entity filled in (the scaffolder reads `formData`). */
export function upgradeTemplateLink(
  templatePath: string,
  entity: Entity,
): string {
  const formData = JSON.stringify({ component: stringifyEntityRef(entity) });
  return `${templatePath}?${new URLSearchParams({ formData })}`;
}
