// Moved to lib/shared (client code); kept so existing imports compile.
export { ChangeTracker, type Positions } from "@/lib/shared/change-tracker";
