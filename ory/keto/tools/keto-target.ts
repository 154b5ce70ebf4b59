import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { type RelationTuple, type SubjectSet, startOryEmulator } from "@app/ory-emulator";
import {
  Configuration,
  type ExpandedPermissionTree,
  PermissionApi,
  type Relationship,
  RelationshipApi,
} from "@ory/client-fetch";

/** The Keto config the emulator runs suites with: the one the real Keto is deployed with. */
export const KETO_CONFIG = resolve(import.meta.dirname, "../keto.yml");

/** A Keto holding one suite's tuples, asked through the official SDK. */
export interface SuiteKeto {
  check(tuple: RelationTuple, maxDepth?: number): Promise<boolean>;
  /** undefined when Keto finds no tuples for the subject set. */
  expand(subjectSet: SubjectSet, maxDepth?: number): Promise<ExpandedPermissionTree | undefined>;
  /** Removes the suite's tuples (a real Keto) or the whole Keto (the emulator). */
  close(): Promise<void>;
}

/** Where suites run: a fresh Keto, or a fresh corner of a shared one, per suite. */
export interface KetoTarget {
  /** For the report header. */
  description: string;
  open(tuples: RelationTuple[]): Promise<SuiteKeto>;
}

/** Each suite gets its own in-process emulator on free ports, so no state carries over. */
export function emulatorTarget(ketoConfig = KETO_CONFIG): KetoTarget {
  return {
    description: `the emulator with ${ketoConfig}`,
    async open(tuples) {
      const emulator = await startOryEmulator({ only: "keto", ephemeralPorts: true, ketoConfig });
      try {
        const keto = await connect(emulator.urls.ketoRead, emulator.urls.ketoWrite, "");
        await keto.write(tuples);
        return { ...keto, close: () => emulator.close() };
      } catch (error) {
        await emulator.close();
        throw error;
      }
    },
  };
}

/**
 * A running Keto shared with others: each suite's objects and subjects get a prefix of their
 * own, so suites cannot see each other's tuples (or anything else stored there), and the
 * suite deletes exactly what it wrote when it is done.
 */
export function remoteTarget(readUrl: string, writeUrl: string): KetoTarget {
  return {
    description: `Keto at ${readUrl} (write ${writeUrl})`,
    async open(tuples) {
      const prefix = `keto-test-${randomBytes(4).toString("hex")}-`;
      const keto = await connect(readUrl, writeUrl, prefix);
      await keto.write(tuples);
      return { ...keto, close: () => keto.remove(tuples) };
    },
  };
}

async function connect(readUrl: string, writeUrl: string, prefix: string) {
  const config = (url: string) => new Configuration({ basePath: url.replace(/\/+$/, "") });
  const permissions = new PermissionApi(config(readUrl));
  const relationships = new RelationshipApi(config(writeUrl));
  const isolated = isolation(prefix);

  const patch = (action: "insert" | "delete", tuples: RelationTuple[]) =>
    relationships.patchRelationships({
      relationshipPatch: tuples.map((tuple) => ({
        action,
        relation_tuple: isolated.tuple(tuple),
      })),
    });

  return {
    write: (tuples: RelationTuple[]) => patch("insert", tuples),
    remove: (tuples: RelationTuple[]) => patch("delete", tuples),
    async check(tuple: RelationTuple, maxDepth?: number) {
      const { namespace, object, relation, subject_id, subject_set } = isolated.tuple(tuple);
      const { allowed } = await permissions.checkPermission({
        namespace,
        object,
        relation,
        subjectId: subject_id,
        subjectSetNamespace: subject_set?.namespace,
        subjectSetObject: subject_set?.object,
        subjectSetRelation: subject_set?.relation,
        maxDepth,
      });
      return allowed;
    },
    async expand(subjectSet: SubjectSet, maxDepth?: number) {
      const tree = await permissions.expandPermissions({
        ...isolated.subjectSet(subjectSet),
        maxDepth,
      });
      // v26.2.0 answers a subject set without tuples with 200 and a bare error object.
      return tree.type ? isolated.restore(tree) : undefined;
    },
  };
}

/** Prefixes every object and subject id on the way to Keto and strips it on the way back. */
function isolation(prefix: string) {
  const subjectSet = (set: SubjectSet): SubjectSet => ({ ...set, object: prefix + set.object });
  const unprefixed = (id: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : id);
  const restore = (node: ExpandedPermissionTree): ExpandedPermissionTree => {
    const tuple: Relationship | undefined = node.tuple && {
      ...node.tuple,
      ...(node.tuple.subject_id !== undefined && { subject_id: unprefixed(node.tuple.subject_id) }),
      ...(node.tuple.subject_set && {
        subject_set: {
          ...node.tuple.subject_set,
          object: unprefixed(node.tuple.subject_set.object),
        },
      }),
    };
    return { ...node, tuple, children: node.children?.map(restore) };
  };
  return {
    subjectSet,
    tuple: (tuple: RelationTuple): Relationship => ({
      ...tuple,
      object: prefix + tuple.object,
      ...(tuple.subject_id !== undefined && { subject_id: prefix + tuple.subject_id }),
      ...(tuple.subject_set && { subject_set: subjectSet(tuple.subject_set) }),
    }),
    restore,
  };
}
