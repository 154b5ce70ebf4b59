import { HttpError } from "../http.ts";
import type { Namespace, Relation } from "./opl/ast.ts";

/**
 * The namespaces Keto knows: classes of the OPL file, or the legacy list of names from keto.yml
 * (no relations declared, so any relation name is accepted and nothing is rewritten).
 */
export class Namespaces {
  private readonly byName: Map<string, Namespace>;

  constructor(namespaces: Namespace[]) {
    this.byName = new Map(namespaces.map((namespace) => [namespace.name, namespace]));
  }

  static fromNames(names: string[]): Namespaces {
    return new Namespaces(names.map((name) => ({ name, relations: [] })));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Keto's mapper error for an unknown namespace in list, expand and write requests. */
  assertKnown(name: string): void {
    if (!this.has(name)) {
      throw new HttpError({ status: 404, reason: `Unknown namespace with name "${name}".` });
    }
  }

  /**
   * The declared relation, or undefined when nothing is declared to look at: an empty relation,
   * an unknown namespace, or a namespace without relations. An undeclared name in a namespace
   * that declares relations is a bad request (Keto's `ASTRelationFor`).
   */
  relationFor(namespace: string, relation: string): Relation | undefined {
    if (relation === "") return undefined;
    const declared = this.byName.get(namespace);
    if (!declared || declared.relations.length === 0) return undefined;
    const found = declared.relations.find((candidate) => candidate.name === relation);
    if (!found)
      throw new HttpError({ status: 400, reason: `relation "${relation}" does not exist` });
    return found;
  }
}
