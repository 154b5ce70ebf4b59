import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { checkOpl, type Expression, type OplNamespace, type RelationType } from "@app/ory-emulator";

/**
 * `npm run codegen` (first step): the permission model as data for the API, read from the OPL
 * with the emulator's parser (the one Keto's semantics are tested against), so the API's
 * namespaces, relations and permits cannot drift from what Keto enforces.
 * server/src/auth/permission-model.test.ts fails when the committed file is stale.
 */
export const OPL_FILE = resolve(import.meta.dirname, "../namespaces.keto.ts");
export const MODEL_FILE = resolve(
  import.meta.dirname,
  "../../../server/src/auth/permission-model.generated.ts",
);

interface NamespaceModel {
  /** Each relation with the subjects it takes: `User`, or a subject set such as `Group#members`. */
  relations: Record<string, string[]>;
  /** Permits in the order the OPL declares them. */
  permits: string[];
  /**
   * The permits a subject holds for certain once it is directly in a relation: the relations
   * a permit includes with `||` (also through another permit). `&&` and `!` promise nothing.
   */
  grantedBy: Record<string, string[]>;
  /**
   * For each permit that is `||` of relations and permits only, over relations whose subjects
   * are users and groups' members: every name whose tuples could grant it (the permit's own
   * name too, which Keto also reads). When none of the user's tuples, nor any of the groups
   * they are a member of, names one of these on an object, Keto denies the permit there.
   * Permits that traverse to another object, or use `&&` or `!`, are absent: a listing of the
   * user's own tuples cannot show that they are denied.
   */
  grantedOnlyThrough: Record<string, string[]>;
}

/**
 * Whether a listing of a user's tuples and their groups' reaches every holder of a subject of
 * this type: the user (`User`), and groups' members (`Group#members`) as long as `members` is a
 * relation whose own subjects are of these two types. The API's group walk follows nothing else.
 */
function followedBy(namespaces: OplNamespace[]): (type: RelationType) => boolean {
  const members = namespaces
    .find((namespace) => namespace.name === "Group")
    ?.relations.find((relation) => relation.name === "members");
  const isUser = (type: RelationType) => type.namespace === "User" && type.relation === undefined;
  const isMembers = (type: RelationType) =>
    type.namespace === "Group" && type.relation === "members";
  const membersFollowed =
    members !== undefined &&
    members.rewrite === undefined &&
    members.types.every((type) => isUser(type) || isMembers(type));
  return (type) => isUser(type) || (isMembers(type) && membersFollowed);
}

export function permissionModel(oplText: string): Record<string, NamespaceModel> {
  const { namespaces, errors } = checkOpl(oplText);
  if (errors.length > 0) {
    const [first] = errors;
    throw new Error(`${OPL_FILE}:${first.start.line}: ${first.message}`);
  }
  const followed = followedBy(namespaces);
  return Object.fromEntries(
    namespaces.map((namespace) => [namespace.name, modelOf(namespace, followed)]),
  );
}

function modelOf(
  namespace: OplNamespace,
  followed: (type: RelationType) => boolean,
): NamespaceModel {
  const relations = namespace.relations.filter((relation) => !relation.rewrite);
  const permits = namespace.relations.filter((relation) => relation.rewrite);
  const rewriteOf = new Map(permits.map((permit) => [permit.name, permit.rewrite]));

  /** Relations and permits whose holders certainly hold `permit`. */
  const includes = (expression: Expression | undefined, seen: Set<string>): string[] => {
    if (!expression) return [];
    if (expression.kind === "computed") {
      if (seen.has(expression.relation)) return [];
      seen.add(expression.relation);
      return [expression.relation, ...includes(rewriteOf.get(expression.relation), seen)];
    }
    if (
      expression.kind === "group" &&
      (expression.operator === "or" || expression.children.length === 1)
    ) {
      return expression.children.flatMap((child) => includes(child, seen));
    }
    return [];
  };
  const grantedBy = Object.fromEntries(
    relations.map((relation) => [
      relation.name,
      permits
        .filter((permit) => includes(permit.rewrite, new Set()).includes(relation.name))
        .map((permit) => permit.name),
    ]),
  );
  /** The names whose tuples could grant `permit`, or undefined when a listing cannot tell. */
  const grantingNames = (permit: (typeof permits)[number]): string[] | undefined => {
    const names = new Set([permit.name]);
    const closed = (expression: Expression | undefined): boolean => {
      if (!expression) return true;
      if (expression.kind === "computed") {
        if (names.has(expression.relation)) return true;
        names.add(expression.relation);
        const rewrite = rewriteOf.get(expression.relation);
        if (rewrite) return closed(rewrite);
        const types = relations.find((relation) => relation.name === expression.relation)?.types;
        return (types ?? []).every(followed);
      }
      if (
        expression.kind === "group" &&
        (expression.operator === "or" || expression.children.length === 1)
      ) {
        return expression.children.every(closed);
      }
      return false;
    };
    return closed(permit.rewrite) ? [...names] : undefined;
  };
  const grantedOnlyThrough = Object.fromEntries(
    permits.flatMap((permit) => {
      const names = grantingNames(permit);
      return names ? [[permit.name, names]] : [];
    }),
  );
  return {
    relations: Object.fromEntries(
      relations.map((relation) => [
        relation.name,
        relation.types.map((type) =>
          type.relation === undefined ? type.namespace : `${type.namespace}#${type.relation}`,
        ),
      ]),
    ),
    permits: permits.map((permit) => permit.name),
    grantedBy,
    grantedOnlyThrough,
  };
}

/** The committed module's text: the model `as const`, so its names are types. */
export function permissionModelSource(oplText: string): string {
  return [
    "// Generated by `npm run codegen` from ory/keto/namespaces.keto.ts",
    "// (ory/keto/tools/permission-model.ts). Do not edit: change the OPL and run it again.",
    "",
    `export const permissionModel = ${printed(permissionModel(oplText))} as const;`,
    "",
  ].join("\n");
}

/** Objects one key a line, lists of names on one line: how the formatter would lay it out. */
function printed(value: object, indent = ""): string {
  if (Array.isArray(value)) return `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const inner = `${indent}  `;
  const lines = entries.map(([key, item]) => `${inner}${key}: ${printed(item, inner)},`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(MODEL_FILE, permissionModelSource(readFileSync(OPL_FILE, "utf8")));
  console.log(`wrote ${relative(process.cwd(), MODEL_FILE)}`);
}
