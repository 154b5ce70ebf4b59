import { type FieldError, ValidationError } from "./errors.ts";

/** Trims and checks a text input; the trimmed value is what gets stored. */
export function text(
  path: string[],
  value: string,
  { required = true, max }: { required?: boolean; max: number },
): { value: string; error?: FieldError } {
  const trimmed = value.trim();
  if (required && trimmed === "")
    return { value: trimmed, error: { path, message: "must not be empty" } };
  if (trimmed.length > max) {
    return { value: trimmed, error: { path, message: `must be at most ${max} characters` } };
  }
  return { value: trimmed };
}

/** Throws one ValidationError carrying every problem found, so clients can show them all. */
export function assertValid(...results: { error?: FieldError }[]): void {
  const errors = results.flatMap((result) => (result.error ? [result.error] : []));
  if (errors.length > 0) throw new ValidationError(errors);
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(path: string[], value: string): { value: string; error?: FieldError } {
  const trimmed = value.trim().toLowerCase();
  return emailPattern.test(trimmed)
    ? { value: trimmed }
    : { value: trimmed, error: { path, message: "must be an email address" } };
}
