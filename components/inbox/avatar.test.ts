import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { Avatar } from "@/components/inbox/avatar";

test("an avatar is an image only for an http(s) URL; otherwise initials", () => {
  expect(renderToStaticMarkup(createElement(Avatar, { name: "Lan Hoang", url: "https://zalo.example/lan.jpg" }))).toContain('src="https://zalo.example/lan.jpg"');
  for (const url of ["javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>"]) {
    const html = renderToStaticMarkup(createElement(Avatar, { name: "Lan Hoang", url }));
    expect(html).not.toContain("<img");
    expect(html).toContain("LH");
  }
});
