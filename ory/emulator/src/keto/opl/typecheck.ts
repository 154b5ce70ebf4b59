import type { Namespace, OplError, Relation } from "./ast.ts";
import { type ParsedOpl, parseOpl, type Reference } from "./parse.ts";

/** How far `traverse` checks follow `SubjectSet<…>` types before giving up, as in Keto. */
const MAX_SUBJECT_SET_NESTING = 10;

export interface CheckedOpl {
  namespaces: Namespace[];
  errors: OplError[];
}

/**
 * Parses and type-checks an OPL file like Keto: type checks only run when the file parsed, and
 * every unresolved name becomes an error with its position and Keto's wording.
 */
export function checkOpl(text: string): CheckedOpl {
  const parsed = parseOpl(text);
  if (parsed.errors.length > 0) return { namespaces: parsed.namespaces, errors: parsed.errors };
  return { namespaces: parsed.namespaces, errors: typeCheck(parsed) };
}

function typeCheck(parsed: ParsedOpl): OplError[] {
  const namespaces = new Map(parsed.namespaces.map((namespace) => [namespace.name, namespace]));
  const findRelation = (namespace: string, relation: string): Relation | undefined =>
    namespaces.get(namespace)?.relations.find((candidate) => candidate.name === relation);

  const errors: OplError[] = [];
  const report = (span: Reference["span"], message: string) =>
    errors.push(parsed.locate(span, message));

  /** For `traverse(R → S)`: every type of R must declare S, looking through subject sets. */
  const checkTraverseTargets = (
    reference: Reference,
    namespace: string,
    relation: string,
    computed: string,
    remaining: number,
  ): void => {
    if (remaining < 0) {
      report(reference.span, "could not typecheck deeply nested SubjectSet further");
      return;
    }
    const declared = findRelation(namespace, relation);
    if (!declared) {
      report(reference.span, `relation "${relation}" was not declared in namespace "${namespace}"`);
      return;
    }
    for (const type of declared.types) {
      if (type.relation) {
        checkTraverseTargets(reference, type.namespace, type.relation, computed, remaining - 1);
      } else if (!findRelation(type.namespace, computed)) {
        report(
          reference.span,
          `relation "${computed}" was not declared in namespace "${type.namespace}"`,
        );
      }
    }
  };

  for (const reference of parsed.references) {
    switch (reference.kind) {
      case "namespace":
        if (!namespaces.has(reference.namespace)) {
          report(reference.span, `namespace "${reference.namespace}" was not declared`);
        }
        break;
      case "subjectSet":
        if (!namespaces.has(reference.namespace)) {
          report(reference.namespaceSpan, `namespace "${reference.namespace}" was not declared`);
        } else if (!findRelation(reference.namespace, reference.relation)) {
          report(
            reference.span,
            `namespace "${reference.namespace}" did not declare relation "${reference.relation}"`,
          );
        }
        break;
      case "ownRelation":
        if (!findRelation(reference.namespace, reference.relation)) {
          report(
            reference.span,
            `namespace "${reference.namespace}" did not declare relation "${reference.relation}"`,
          );
        }
        break;
      case "traverse":
        checkTraverseTargets(
          reference,
          reference.namespace,
          reference.relation,
          reference.computed,
          MAX_SUBJECT_SET_NESTING,
        );
        break;
    }
  }
  return errors;
}
