"use client";

import { useI18n } from "@/components/i18n";

/** The settings pages, side by side. */
export function SettingsNav({ current }: { current: "channels" | "team" | "canned" | "labels" }) {
  const { t } = useI18n();
  const pages = [
    { id: "channels", href: "/settings/channels", label: t("settings.channels") },
    { id: "team", href: "/settings/team", label: t("settings.team") },
    { id: "canned", href: "/settings/canned", label: t("settings.canned") },
    { id: "labels", href: "/settings/labels", label: t("settings.labels") },
  ] as const;
  return (
    <nav aria-label={t("settings.nav")} className="settings-nav">
      <a href="/">{t("settings.back")}</a>
      {pages.map((p) => (
        <a key={p.id} href={p.href} aria-current={p.id === current ? "page" : undefined}>
          {p.label}
        </a>
      ))}
    </nav>
  );
}
