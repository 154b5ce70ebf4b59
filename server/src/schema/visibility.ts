import type { Permission } from "../auth/permissions.ts";
import { type NamespaceWith, permission } from "../auth/vocabulary.ts";
import type { Context } from "../context.ts";

/** The Keto namespace whose `view` permit decides who may see each node type. */
const viewNamespaces: Record<string, NamespaceWith<"view">> = {
  Project: "Project",
  Document: "Document",
  Group: "Group",
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every row id is a UUID; anything else names no row, so it is never looked up. */
export const isRowId = (id: string) => uuidPattern.test(id);

export const viewPermission = (namespace: NamespaceWith<"view">, object: string): Permission =>
  permission(namespace, object, "view");

/**
 * May the viewer see the node with this type and id? Users are visible to
 * anyone signed in (they appear as collaborators and members); everything
 * else asks Keto for `view`. Unknown types and ids that are no row id are never visible.
 */
export async function canSeeNode(context: Context, typename: string, id: string): Promise<boolean> {
  if (!isRowId(id)) return false;
  if (typename === "User") return (await context.viewer()) !== null;
  const namespace = viewNamespaces[typename];
  return namespace ? context.can(viewPermission(namespace, id)) : false;
}

/**
 * May the viewer see who holds this object's relations, as the API itself shows them? A
 * project's or document's collaborators and a group's members show to whoever may `view` it;
 * an app's grants to its administrators (`administer`); nothing else does. A failed check
 * says no. Explanations for integrators (X-Authz-Explain) show Keto's trees only this far.
 */
export async function canSeeHolders(
  context: Context,
  namespace: string,
  object: string,
): Promise<boolean> {
  const viewNamespace = viewNamespaces[namespace];
  const asked =
    namespace === "App"
      ? permission("App", object, "administer")
      : viewNamespace
        ? viewPermission(viewNamespace, object)
        : undefined;
  return asked ? context.can(asked).catch(() => false) : false;
}

/**
 * The entries (members, collaborators) that name no group or a group the
 * viewer may see: a hidden group is left out, as if it were not there. People
 * stay, since anyone signed in may see them. The checks share one Keto round.
 */
export async function withoutHiddenGroups<T>(
  context: Context,
  entries: T[],
  groupOf: (entry: T) => string | null,
): Promise<T[]> {
  const visible = await Promise.all(
    entries.map((entry) => {
      const groupId = groupOf(entry);
      return groupId === null || context.can(viewPermission("Group", groupId));
    }),
  );
  return entries.filter((_, index) => visible[index]);
}
