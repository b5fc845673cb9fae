"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { Me } from "@/lib/shared/me";
import { useI18n } from "@/components/i18n";
import "./notifications.css";

/** A note's text, with each @mention of the signed-in agent (as the composer inserts it: "@" + name) highlighted. */
export function NoteText({ text }: { text: string }) {
  const { t } = useI18n();
  const name = useQueryClient().getQueryData<Me>(["me"])?.user.name;
  const tag = name ? `@${name}` : "";
  if (!tag || !text.includes(tag)) return <p className="text">{text}</p>;
  const parts = text.split(tag);
  return (
    <p className="text">
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 && (
            <mark className="mention-me" title={t("notify.mentionsYou")}>
              {tag}
            </mark>
          )}
        </span>
      ))}
    </p>
  );
}
