type Handler = (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;

/** A [channel] route handler with its channel segment filled in, as Next would from the URL. */
export function forChannel<P extends object = Record<string, string>>(handler: Handler, channel: string) {
  return (req: Request, ctx: { params: Promise<P> }) => handler(req, { params: ctx.params.then((p) => ({ ...p, channel })) });
}
