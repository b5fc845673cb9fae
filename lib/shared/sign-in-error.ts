/**
 * The error string next-auth hands the login form when sign-in is rate limited
 * (authorize throws it; next-auth puts the message in ?error=). Client-safe.
 */
export const SIGN_IN_RATE_LIMITED = "TooManySignInAttempts";
