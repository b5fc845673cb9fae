// The thumbnail worker thread's entry (started by lib/files/make-thumbnail.ts). Plain JavaScript so
// that Node starts it as it is, from any bundle; it loads TypeScript through tsx (a dependency).
import { register } from "tsx/esm/api";

register();
await import("./thumbnail-job.ts");
