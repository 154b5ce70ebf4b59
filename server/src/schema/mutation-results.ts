import type { GranteeAddress } from "../domain/subjects.ts";
import { builder } from "./builder.ts";
import { ValidationError } from "./errors.ts";
import { inputIdOf } from "./lookup.ts";
import { email as validEmail } from "./validation.ts";

export const PermissionChangesRef = builder.enumType("PermissionChanges", {
  description:
    "Whether Keto holds the permission changes a mutation committed. The mutation's rows are " +
    "saved either way, and its own answer already reflects what it granted the viewer.",
  values: {
    APPLIED: {
      description: "Keto has every permission change this mutation made (or it made none).",
    },
    PENDING: {
      description:
        "Saved, but Keto has not confirmed the permission changes yet: they are queued and " +
        "retried until they land, so others may see them a little later. Do not repeat the " +
        "mutation (a creation retried with its idempotencyKey answers this same result).",
    },
  },
});

/** The `permissionChanges` field every mutation payload carries. */
export const permissionChangesField = {
  type: PermissionChangesRef,
  description: "Whether Keto already applies this mutation's permission changes.",
};

export const idempotencyKeyDescription =
  "Optional, 8-128 characters of [A-Za-z0-9._:-]. A retry with the same key (by the same " +
  "viewer, within 24 hours) answers the first result instead of creating again; the same key " +
  "with different input is a ValidationError.";

/**
 * Whom a share or membership input names: an email or a group id, exactly
 * one; both validated here, so the domain gets a clean address.
 */
export function granteeAddress(
  input: { email?: string | null; group?: string | null },
  groupField: string,
): GranteeAddress {
  const hasEmail = Boolean(input.email?.trim());
  if (hasEmail === Boolean(input.group)) {
    throw new ValidationError([
      { path: ["input"], message: `give either an email or a ${groupField}, not both or neither` },
    ]);
  }
  if (input.group) {
    return { groupId: inputIdOf(input.group, "Group", ["input", groupField]), field: groupField };
  }
  const address = validEmail(["input", "email"], input.email ?? "");
  if (address.error) throw new ValidationError([address.error]);
  return { email: address.value };
}
