import { describe, expect, it } from "vitest";
import {
  type ExpandNode,
  MAX_NODES_PER_RESPONSE,
  MAX_NODES_PER_TREE,
  shapeTrees,
} from "./explain-trees.ts";

const person = (id: string): ExpandNode => ({
  subject: { namespace: "User", object: id, relation: "" },
  children: [],
  depthCut: false,
});
const people = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => person(`${prefix}-${index}`));
const members = (group: string, children: ExpandNode[], depthCut = false): ExpandNode => ({
  subject: { namespace: "Group", object: group, relation: "members" },
  children,
  depthCut,
});

describe("shapeTrees", () => {
  it("stops at the response's cap over all denials and marks every tree it cut", async () => {
    const trees = Array.from({ length: 6 }, (_, index) => ({
      key: `Group:g${index}#members`,
      children: people(`u${index}`, MAX_NODES_PER_TREE + 50),
    }));
    const [first, second] = await shapeTrees([trees.slice(0, 3), trees.slice(3)]);
    const shown = [...Object.values(first.expand), ...Object.values(second.expand)];
    expect(shown.map((children) => children.length)).toEqual([200, 200, 200, 200, 200, 0]);
    expect(shown.flat()).toHaveLength(MAX_NODES_PER_RESPONSE);
    expect(first.truncated).toEqual(trees.slice(0, 3).map((tree) => tree.key));
    expect(second.truncated).toEqual(trees.slice(3).map((tree) => tree.key));
  });

  it("marks a set Keto left unopened at its depth", async () => {
    const [shaped] = await shapeTrees([
      [{ key: "Project:p#viewers", children: [members("deep", [], true), person("ann")] }],
    ]);
    expect(shaped.expand).toEqual({
      "Project:p#viewers": [{ "Group:deep#members": [], truncated: true }, "User:ann"],
    });
    expect(shaped.truncated).toEqual(["Project:p#viewers"]);
  });

  it("turns what may not be seen into one opaque node, whatever it holds", async () => {
    const asked: string[] = [];
    const [shaped] = await shapeTrees(
      [
        [
          {
            key: "Project:p#viewers",
            children: [
              members("secret", people("s", 500), true),
              members("open", [members("inner", people("i", 3))]),
              {
                subject: { namespace: "Project", object: "q", relation: "" },
                children: [],
                depthCut: false,
              },
              person("ann"),
            ],
          },
        ],
      ],
      async (namespace, object) => {
        asked.push(`${namespace}:${object}`);
        return object === "open";
      },
    );
    expect(shaped.expand).toEqual({
      "Project:p#viewers": [
        "Group:(hidden)#members",
        { "Group:open#members": ["Group:(hidden)#members"] },
        "Project:(hidden)",
        "User:ann",
      ],
    });
    // Nothing was cut that the requester may see, so nothing says so.
    expect(shaped.truncated).toEqual([]);
    // People are never asked about; each level's objects are.
    expect(asked).toEqual(["Group:secret", "Group:open", "Project:q", "Group:inner"]);
  });
});
