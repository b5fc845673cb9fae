// Moved to lib/client (hooks and components share it); kept so existing imports compile.
export * from "@/lib/client/cache-actions";
