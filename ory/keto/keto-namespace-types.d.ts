// Type declarations for the OPL file, standing in for the npm package
// `@ory/keto-namespace-types` (not installed here) so that `tsc -p ory/keto` checks
// namespaces.keto.ts as TypeScript. Keto itself ignores the import.
declare module "@ory/keto-namespace-types" {
  /** What `ctx.subject` is: only ever passed to `includes`, never inspected. */
  export interface Context {
    subject: never;
  }

  /** A class that is an OPL namespace. */
  export interface Namespace {
    related?: Record<string, unknown[]>;
    permits?: Record<string, (ctx: Context) => boolean>;
  }

  /**
   * `SubjectSet<Group, "members">`: the members of a relation of another namespace. Only the
   * relation name is checked; resolving the relation's type would be circular for nested groups.
   */
  export interface SubjectSet<N extends Namespace, R extends keyof NonNullable<N["related"]>> {
    readonly namespace: N;
    readonly relation: R;
  }

  global {
    interface Array<T> {
      /** Follows the related objects and asks each of them. */
      traverse(iteratee: (element: T) => boolean): boolean;
    }
  }
}
