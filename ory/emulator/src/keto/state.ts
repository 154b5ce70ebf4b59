import type { KetoConfig } from "./config.ts";
import { CheckEngine } from "./engine.ts";
import { Namespaces } from "./namespaces.ts";
import type { RelationTuple } from "./relation-tuple.ts";
import type { TupleStore } from "./store.ts";

/** What the read and write APIs share: configuration, namespaces, tuples and the engine. */
export class KetoState {
  readonly namespaces: Namespaces;
  readonly engine: CheckEngine;

  constructor(
    readonly config: KetoConfig,
    readonly store: TupleStore,
  ) {
    this.namespaces = new Namespaces(config.namespaces);
    this.engine = new CheckEngine(store, this.namespaces, {
      maxReadDepth: config.limits.maxReadDepth,
      maxReadWidth: config.limits.maxReadWidth,
      strictMode: config.strictMode,
    });
  }

  /** Keto's mapper needs the tuple's namespace and its subject set's namespace to exist. */
  unknownNamespaceOf(tuple: { namespace?: string; subject_set?: { namespace: string } }) {
    if (tuple.namespace !== undefined && !this.namespaces.has(tuple.namespace))
      return tuple.namespace;
    if (tuple.subject_set && !this.namespaces.has(tuple.subject_set.namespace)) {
      return tuple.subject_set.namespace;
    }
    return undefined;
  }

  /** Throws Keto's 404 when a namespace of the tuple or filter is unknown. */
  assertKnownNamespaces(tuple: { namespace?: string; subject_set?: { namespace: string } }): void {
    const unknown = this.unknownNamespaceOf(tuple);
    if (unknown !== undefined) this.namespaces.assertKnown(unknown);
  }

  /** A single check: unknown namespaces are a plain "not allowed", never an error. */
  isAllowed(tuple: RelationTuple, maxDepth: number | undefined): boolean {
    if (this.unknownNamespaceOf(tuple) !== undefined) return false;
    return this.engine.check(tuple, maxDepth);
  }
}
