/** json columns come parsed from pg and as text from some drivers. */
export function readJsonColumn<T>(value: T | string | null, empty: T): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : (value ?? empty);
}
