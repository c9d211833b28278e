import { attr, block, comment, expr, type HclBody } from '../../hcl/hcl';

/**
 * The name of the final snapshot AWS takes when the resource is deleted: the resource name plus
 * its creation time. A fixed `<name>-final` would collide with the snapshot kept from an earlier
 * copy of the environment, and the delete (or a later re-creation and delete) would fail.
 */
export const FINAL_SNAPSHOT_IDENTIFIER = expr(
  '"${var.name}-final-${formatdate("YYYYMMDDhhmmss", timestamp())}"',
);

/** The `lifecycle` block that keeps the creation-time snapshot name instead of re-planning it. */
export function keepFinalSnapshotName(): HclBody {
  return [
    block(
      'lifecycle',
      [],
      [
        comment(
          'timestamp() changes on every plan; the name recorded at creation is the one to keep.',
        ),
        attr('ignore_changes', [expr('final_snapshot_identifier')]),
      ],
    ),
  ];
}
