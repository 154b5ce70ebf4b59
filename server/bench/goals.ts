import type { Measurement } from "./measure.ts";
import type { ModeName } from "./modes.ts";
import { count, markdownTable, type Row } from "./report.ts";
import { scenarioNames } from "./scenarios.ts";

interface Verdict {
  measured: string;
  met: boolean;
}

interface Goal {
  name: string;
  goal: string;
  /** `inFlight`: requests in flight together in this run's HTTP rows. */
  judge(find: Finder, inFlight: number): Verdict | undefined;
}

type Finder = (
  scenario: string,
  mode: ModeName,
  via?: "in-process" | "http",
) => Measurement | undefined;

const ratio = (a: number, b: number) => a / b;
const times = (value: number) => `${value.toFixed(2)}×`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Keto round trips waited for one after another (probed), and what the request log counted. */
const rounds = (m: Measurement) =>
  `${m.sequentialRounds.toFixed(1)} sequential (latency probe); request log: ${count(m.checkRounds)} check round${m.checkRounds === 1 ? "" : "s"}, ${count(m.listings)} listings`;

/** Tuples sent to Keto, and checks the viewer's own listing answered instead. */
const asked = (m: Measurement) =>
  `${count(m.tuplesChecked)} tuples checked, ${count(m.listedAnswers)} answered by the listing`;

/** The probe is a measurement: judged to the nearest whole round. */
const atMost = (m: Measurement, most: number) =>
  Math.round(m.sequentialRounds) <= most && m.checkRounds <= most;

function sparse(name: string): Goal["judge"] {
  return (find) => {
    const on = find(name, "batched");
    const off = find(name, "off");
    if (!on || !off) return undefined;
    const calls = on.perRequest.ketoTotal;
    const slower = ratio(on.p50Ms, off.p50Ms);
    return {
      measured: `${count(calls)} calls / ${rounds(on)} / p50 ${ms(on.p50Ms)} vs ${ms(off.p50Ms)} = ${times(slower)}`,
      met: calls <= 40 && atMost(on, 2) && slower <= 2,
    };
  };
}

/** The performance goals, each judged from this run's rows (in-process unless said). */
const goals: Goal[] = [
  {
    name: "100 projects + `viewerCan`: sequential Keto rounds",
    goal: "1",
    judge(find) {
      const on = find(scenarioNames.own100, "batched");
      return on && { measured: rounds(on), met: atMost(on, 1) };
    },
  },
  {
    name: "`projects(first: 10) { documents(first: 10) { viewerCan } }`: rounds",
    goal: "2 (one per list level)",
    judge(find) {
      const on = find(scenarioNames.nested, "batched");
      return on && { measured: rounds(on), met: atMost(on, 2) };
    },
  },
  {
    name: "100 visible of 1,000: Keto calls / rounds / p50 vs `off`",
    goal: "≤ 40 / ≤ 2 / ≤ 2×",
    judge: sparse(scenarioNames.sparse1k),
  },
  {
    name: "(the same at 100 visible of 10,000)",
    goal: "≤ 40 / ≤ 2 / ≤ 2×",
    judge: sparse(scenarioNames.sparse10k),
  },
  {
    name: "5 visible of 2,000, `first: 10`",
    goal: "page 1 holds all 5, `hasNextPage: false`",
    judge(find) {
      const on = find(scenarioNames.few, "batched");
      if (!on) return undefined;
      const { edges, hasNextPage } = on.page;
      return {
        measured: `${edges} rows, \`hasNextPage: ${hasNextPage}\`, ${asked(on)}`,
        met: edges === 5 && !hasNextPage,
      };
    },
  },
  {
    name: "p50, 100 projects + `viewerCan`, authorization on vs `off`",
    goal: "≤ 1.3×",
    judge(find) {
      const on = find(scenarioNames.own100, "batched");
      const off = find(scenarioNames.own100, "off");
      if (!on || !off) return undefined;
      const slower = ratio(on.p50Ms, off.p50Ms);
      return {
        measured: `${ms(on.p50Ms)} vs ${ms(off.p50Ms)} = ${times(slower)}`,
        met: slower <= 1.3,
      };
    },
  },
  {
    name: "throughput vs naive per-field checks (N = 100, 4 in flight)",
    goal: "≥ 20×",
    judge(find, inFlight) {
      const on = find(scenarioNames.own100, "batched", "http");
      const naive = find(scenarioNames.own100, "naive", "http");
      if (!on || !naive) return undefined;
      const faster = ratio(on.reqPerSec, naive.reqPerSec);
      // What a request costs without any authorization bounds what authorization can reach.
      const off = find(scenarioNames.own100, "off", "http");
      const ceiling = off
        ? `; \`off\` ${off.reqPerSec.toFixed(1)} req/s = ${times(ratio(off.reqPerSec, naive.reqPerSec))}, the most any authorization could reach here`
        : "";
      return {
        measured: `${on.reqPerSec.toFixed(1)} vs ${naive.reqPerSec.toFixed(1)} req/s = ${times(faster)} (${inFlight} in flight)${ceiling}`,
        met: faster >= 20,
      };
    },
  },
  {
    name: "`first: 1`: tuples checked",
    goal: "≤ 4 when the viewer sees most rows",
    judge(find) {
      const on = find(scenarioNames.own1, "batched");
      // Checks answered either way count: the goal is how little a small page asks.
      return on && { measured: asked(on), met: on.tuplesChecked + on.listedAnswers <= 4 };
    },
  },
];

/** The goal table with this run's figures; a goal whose rows were not run says so. */
export function goalSummary(rows: Row[], inFlight: number): string {
  const find: Finder = (scenario, mode, via = "in-process") =>
    rows.find(
      (row) =>
        row.scenario === scenario &&
        row.mode === mode &&
        (via === "http" ? row.transport !== "in-process" : row.transport === "in-process"),
    )?.result;
  return markdownTable(
    ["case", "goal", "measured", "met"],
    goals.map((goal) => {
      const verdict = goal.judge(find, inFlight);
      return [
        goal.name,
        goal.goal,
        verdict?.measured ?? "not measured in this run",
        verdict ? (verdict.met ? "yes" : "**no**") : "-",
      ];
    }),
  );
}
