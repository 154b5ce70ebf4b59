import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseTupleString, type RelationTuple, type SubjectSet } from "@app/ory-emulator";
import { parse } from "yaml";
import { z } from "zod";

/**
 * An expected expand tree as a suite writes it: a leaf is its subject (`User:alice`,
 * `Group:crew#members` cut off by depth), a union is a one-key map from its subject set to
 * its children.
 */
export type TreeNotation = string | { [subjectSet: string]: TreeNotation[] };

export interface CheckAssertion {
  /** The check as written, e.g. `Document:d1#view@User:alice`. */
  text: string;
  tuple: RelationTuple;
  expect: "allowed" | "denied";
  because: string;
  /** Keto's `max-depth` for this check; the configured limit when absent. */
  maxDepth?: number;
}

export interface ExpandAssertion {
  /** The subject set as written, e.g. `Group:crew#members`. */
  text: string;
  subjectSet: SubjectSet;
  /** null: Keto finds no tuples for the subject set. */
  tree: TreeNotation | null;
  because?: string;
  maxDepth?: number;
}

export interface Suite {
  /** The file name without `.yaml`; names the suite in reports. */
  name: string;
  file: string;
  description: string;
  tuples: { text: string; tuple: RelationTuple }[];
  checks: CheckAssertion[];
  expands: ExpandAssertion[];
}

export class SuiteError extends Error {}

const treeNotation: z.ZodType<TreeNotation> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z
      .record(z.string(), z.array(treeNotation))
      .refine((node) => Object.keys(node).length === 1, "a union node has exactly one key"),
  ]),
);
const maxDepth = z.number().int().positive().optional();

const suiteFile = z.strictObject({
  description: z.string().min(1),
  tuples: z.array(z.string()).default([]),
  checks: z
    .array(
      z.strictObject({
        check: z.string(),
        expect: z.enum(["allowed", "denied"]),
        because: z.string().min(1, "say why"),
        maxDepth,
      }),
    )
    .default([]),
  expands: z
    .array(
      z.strictObject({
        expand: z.string(),
        tree: treeNotation.nullable(),
        because: z.string().min(1).optional(),
        maxDepth,
      }),
    )
    .default([]),
});

/** Reads one suite, refusing unknown keys, checks without a reason and malformed tuples. */
export async function loadSuite(file: string): Promise<Suite> {
  let document: unknown;
  try {
    document = parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new SuiteError(`${file}: ${(error as Error).message}`);
  }
  const parsed = suiteFile.safeParse(document);
  if (!parsed.success) {
    throw new SuiteError(`${file}: ${z.prettifyError(parsed.error)}`);
  }
  const { description, tuples, checks, expands } = parsed.data;
  const tuple = (text: string, where: string) => {
    try {
      return parseTupleString(text);
    } catch (error) {
      throw new SuiteError(`${file}, ${where}: ${(error as Error).message}`);
    }
  };
  return {
    name: basename(file).replace(/\.ya?ml$/, ""),
    file,
    description,
    tuples: tuples.map((text, index) => ({ text, tuple: tuple(text, `tuples[${index}]`) })),
    checks: checks.map((check, index) => ({
      text: check.check,
      tuple: tuple(check.check, `checks[${index}]`),
      expect: check.expect,
      because: check.because,
      maxDepth: check.maxDepth,
    })),
    expands: expands.map((expand, index) => ({
      text: expand.expand,
      subjectSet: subjectSet(expand.expand, `${file}, expands[${index}]`),
      tree: expand.tree,
      because: expand.because,
      maxDepth: expand.maxDepth,
    })),
  };
}

/** `Group:crew#members`: the subject set to expand. */
function subjectSet(text: string, where: string): SubjectSet {
  const match = /^([^:#@]+):([^:#@]+)#([^:#@]+)$/.exec(text.trim());
  if (!match) throw new SuiteError(`${where}: "${text}" is not a subject set like Group:g#members`);
  const [, namespace, object, relation] = match;
  return { namespace, object, relation };
}

/** The suite files named, folders standing for the `.yaml` files in them, sorted by name. */
export async function suiteFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const names = (await readdir(path)).filter((name) => /\.ya?ml$/.test(name)).sort();
      files.push(...names.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  return files;
}
