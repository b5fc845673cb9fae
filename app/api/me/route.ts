import { withSession } from "@/lib/auth/with-session";
import { getMe } from "@/lib/auth/get-me";

export const dynamic = "force-dynamic";

export const GET = withSession({}, async ({ session }) => Response.json(await getMe(session)));
