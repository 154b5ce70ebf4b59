import { GraphQLScalarType, Kind } from "graphql";

/** ISO 8601 timestamps in UTC, e.g. "2026-11-29T12:00:00.000Z". */
export const DateTimeResolver = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An ISO 8601 timestamp in UTC.",
  serialize(value) {
    if (!(value instanceof Date)) throw new TypeError("DateTime fields must resolve to a Date");
    return value.toISOString();
  },
  parseValue(value) {
    return parse(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError("DateTime must be an ISO 8601 string");
    return parse(ast.value);
  },
});

function parse(value: unknown): Date {
  const date = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new TypeError("DateTime must be an ISO 8601 string");
  return date;
}
