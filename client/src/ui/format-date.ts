/** A timestamp from the API in the reader's locale and time zone. */
export function formatDate(iso: string) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
