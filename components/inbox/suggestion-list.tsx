"use client";

import { useEffect, useRef } from "react";

export type Suggestion = { id: string; label: string; detail?: string };

type Props = {
  id: string;
  /** The listbox's accessible name ("Canned replies", "Mention a teammate"). */
  label: string;
  items: Suggestion[];
  active: number;
  onPick: (index: number) => void;
  onHover: (index: number) => void;
  /** What to say when nothing matches (the list stays open so the agent knows why). */
  empty: string;
};

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * The popup of the composer's autocomplete (ARIA combobox pattern with a listbox popup):
 * focus stays in the textarea, which points at the active option with aria-activedescendant;
 * the composer handles the keys. Mouse: a press picks without taking focus from the box.
 */
export function SuggestionList({ id, label, items, active, onPick, onHover, empty }: Props) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(optionId(id, active))}`)?.scrollIntoView({ block: "nearest" });
  }, [id, active]);
  return (
    <div className="suggestions">
      <ul ref={list} id={id} role="listbox" aria-label={label} className="suggestion-list">
        {items.map((s, i) => (
          <li
            key={s.id}
            id={optionId(id, i)}
            role="option"
            aria-selected={i === active}
            className={`suggestion${i === active ? " is-active" : ""}`}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(i);
            }}
            onMouseMove={() => i !== active && onHover(i)}
          >
            <span className="suggestion-label">{s.label}</span>
            {s.detail && <span className="suggestion-detail">{s.detail}</span>}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p className="suggestion-empty">{empty}</p>}
    </div>
  );
}
