// Moved to lib/shared (the login form reads it); kept so existing imports compile.
export { SIGN_IN_RATE_LIMITED } from "@/lib/shared/sign-in-error";
