// Moved to lib/shared (the browser uses it too); kept so existing imports compile.
export { httpUrlOrNull, MAX_URL_LENGTH } from "@/lib/shared/safe-url";
