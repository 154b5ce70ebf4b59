import { describe, expect, it } from "vitest";
import { PermissionMap } from "./permission-map.ts";

const check = (namespace: string, object: string, relation: string) => ({
  namespace,
  object,
  relation,
});

describe("PermissionMap", () => {
  it("tells checks apart by namespace, relation and object, whatever object holds them", () => {
    const map = new PermissionMap<string>();
    map.set(check("Project", "p1", "view"), "a");
    map.set(check("Project", "p1", "edit"), "b");
    map.set(check("Document", "p1", "view"), "c");
    expect(map.get(check("Project", "p1", "view"))).toBe("a");
    expect(map.get(check("Project", "p1", "edit"))).toBe("b");
    expect(map.get(check("Document", "p1", "view"))).toBe("c");
    expect(map.has(check("Project", "p2", "view"))).toBe(false);
    expect(map.size).toBe(3);
  });

  it("counts each check once, however often it is set, and forgets on delete and clear", () => {
    const map = new PermissionMap<boolean>();
    map.set(check("Project", "p1", "view"), true).set(check("Project", "p1", "view"), false);
    expect(map.size).toBe(1);
    expect(map.get(check("Project", "p1", "view"))).toBe(false);
    expect(map.delete(check("Project", "p1", "view"))).toBe(true);
    expect(map.delete(check("Project", "p1", "view"))).toBe(false);
    expect(map.size).toBe(0);
    map.set(check("Group", "g", "view"), true);
    map.clear();
    expect(map.has(check("Group", "g", "view"))).toBe(false);
    expect(map.size).toBe(0);
  });
});
