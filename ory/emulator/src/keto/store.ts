import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { matchesQuery, type RelationQuery, type RelationTuple } from "./relation-tuple.ts";

/** A stored tuple with its row id; list pagination is keyset pagination on this id, as in Keto. */
export interface TupleRow {
  id: number;
  tuple: RelationTuple;
}

/**
 * Relation tuples in insertion order, like Keto's table. Duplicates are kept on purpose (Keto has
 * no unique index), and deletes remove every match. With a file, every change is written through
 * so an embedded dev server keeps its grants across restarts.
 */
export class TupleStore {
  private rows: TupleRow[] = [];
  /** Rows per `namespace/object/relation`, the lookup every check step does. */
  private readonly index = new Map<string, TupleRow[]>();
  private nextId = 1;

  private constructor(private readonly file?: string) {}

  static open(file?: string): TupleStore {
    const store = new TupleStore(file);
    if (file) {
      for (const tuple of readTupleFile(file)) store.add(tuple);
    }
    return store;
  }

  /** Applies inserts, then deletes, as one change (PATCH is all-or-nothing). */
  transact(inserts: RelationTuple[], deletes: RelationQuery[] = []): void {
    for (const tuple of inserts) this.add(tuple);
    for (const query of deletes) this.removeMatching(query);
    this.persist();
  }

  deleteMatching(query: RelationQuery): void {
    this.removeMatching(query);
    this.persist();
  }

  /** Tuples of `namespace:object#relation`, in insertion order. */
  related(namespace: string, object: string, relation: string): RelationTuple[] {
    return (this.index.get(indexKey(namespace, object, relation)) ?? []).map((row) => row.tuple);
  }

  exists(tuple: RelationTuple): boolean {
    const candidates =
      this.index.get(indexKey(tuple.namespace, tuple.object, tuple.relation)) ?? [];
    const query: RelationQuery =
      tuple.subject_id !== undefined
        ? { subject_id: tuple.subject_id }
        : { subject_set: tuple.subject_set };
    return candidates.some((row) => matchesQuery(row.tuple, query));
  }

  /** Rows matching the query with an id greater than `afterId`, at most `limit` of them. */
  page(query: RelationQuery, afterId: number, limit: number): { rows: TupleRow[]; more: boolean } {
    const rows: TupleRow[] = [];
    for (const row of this.rows) {
      if (row.id <= afterId || !matchesQuery(row.tuple, query)) continue;
      if (rows.length === limit) return { rows, more: true };
      rows.push(row);
    }
    return { rows, more: false };
  }

  private add(tuple: RelationTuple): void {
    const row = { id: this.nextId++, tuple: structuredClone(tuple) };
    this.rows.push(row);
    const key = indexKey(tuple.namespace, tuple.object, tuple.relation);
    const bucket = this.index.get(key);
    if (bucket) bucket.push(row);
    else this.index.set(key, [row]);
  }

  private removeMatching(query: RelationQuery): void {
    const removed = new Set(this.rows.filter((row) => matchesQuery(row.tuple, query)));
    if (removed.size === 0) return;
    this.rows = this.rows.filter((row) => !removed.has(row));
    for (const [key, bucket] of this.index) {
      const kept = bucket.filter((row) => !removed.has(row));
      if (kept.length === 0) this.index.delete(key);
      else if (kept.length !== bucket.length) this.index.set(key, kept);
    }
  }

  private persist(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    // Write then rename, so a crash never leaves a half-written file behind.
    const temporary = `${this.file}.tmp`;
    const content = { tuples: this.rows.map((row) => row.tuple) };
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(temporary, this.file);
  }
}

function indexKey(namespace: string, object: string, relation: string): string {
  return JSON.stringify([namespace, object, relation]);
}

function readTupleFile(file: string): RelationTuple[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const content = JSON.parse(text) as { tuples?: RelationTuple[] };
  if (!Array.isArray(content.tuples)) {
    throw new Error(`${file} is not a relation tuple file of the Ory emulator (no "tuples" array)`);
  }
  return content.tuples;
}
