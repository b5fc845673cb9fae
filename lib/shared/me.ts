// Who is signed in, as /api/me answers it (the client imports the type).

export type MyAccount = { id: string; name: string; role: "admin" | "agent" };

export type Me = {
  user: { id: string; name: string; email: string; role: string };
  account: { id: string; name: string };
  /** Every account the user belongs to, oldest membership first (sign-in lands in the first). */
  accounts: MyAccount[];
  /** The demo's replies go to a local stand-in for the platforms, not to Facebook or Zalo. */
  demoPlatform: boolean;
};
