/** The settings pages, side by side. */
export function SettingsNav({ current }: { current: "channels" | "team" | "canned" | "labels" }) {
  const pages = [
    { id: "channels", href: "/settings/channels", label: "Channels" },
    { id: "team", href: "/settings/team", label: "Team" },
    { id: "canned", href: "/settings/canned", label: "Canned replies" },
    { id: "labels", href: "/settings/labels", label: "Labels" },
  ] as const;
  return (
    <nav aria-label="Settings" className="settings-nav">
      <a href="/">← Back to the inbox</a>
      {pages.map((p) => (
        <a key={p.id} href={p.href} aria-current={p.id === current ? "page" : undefined}>
          {p.label}
        </a>
      ))}
    </nav>
  );
}
