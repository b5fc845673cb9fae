import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { Avatar } from "@/components/inbox/avatar";

test("an avatar is an image only for a file the app keeps; a platform's URL (the browser would fetch it) and anything else are initials", () => {
  expect(renderToStaticMarkup(createElement(Avatar, { name: "Lan Hoang", url: "/api/files/cabc123def456" }))).toContain('src="/api/files/cabc123def456?size=thumb"');
  for (const url of ["https://zalo.example/lan.jpg", "javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>", "/api/files/../../etc"]) {
    const html = renderToStaticMarkup(createElement(Avatar, { name: "Lan Hoang", url }));
    expect(html).not.toContain("<img");
    expect(html).toContain("LH");
  }
});
