"use client";

import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type ReactNode, type Ref } from "react";

export type VirtualListHandle = {
  /** Scrolls the least needed to show row `index`. */
  scrollToIndex: (index: number) => void;
  /** Shows row `index` and moves keyboard focus to its first focusable element. */
  focusIndex: (index: number) => void;
};

export type RowRange = { start: number; end: number };

type Props<T> = {
  items: readonly T[];
  /** Every row has this height, in pixels: positions are arithmetic, not measured. */
  rowHeight: number;
  getKey: (item: T) => string;
  renderRow: (item: T, index: number, range: RowRange) => ReactNode;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
  /** More rows exist beyond `items` (the set size is then unknown to assistive tech). */
  hasMore?: boolean;
  /** Called when the rendered window comes near the end. */
  onEndReached?: () => void;
  /** Shown after the last row, in a slot of fixed height. */
  footer?: ReactNode;
  footerHeight?: number;
  /** A change of this value scrolls back to the top (a new filter, say). */
  resetKey?: string;
  className?: string;
  label?: string;
  handle?: Ref<VirtualListHandle>;
  onKeyDown?: (e: React.KeyboardEvent<HTMLUListElement>) => void;
};

/**
 * A windowed list: only the rows in view (plus `overscan`) are in the DOM, each
 * absolutely placed at index × rowHeight inside a spacer as tall as the whole list.
 * Rows inserted above the viewport (live updates) do not move what the reader sees.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  getKey,
  renderRow,
  overscan = 6,
  hasMore = false,
  onEndReached,
  footer,
  footerHeight = 0,
  resetKey,
  className,
  label,
  handle,
  onKeyDown,
}: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [first, setFirst] = useState(0); // index of the row at the top edge
  const [height, setHeight] = useState(800); // viewport height until measured
  const pendingFocus = useRef<number | null>(null);
  const prevKeys = useRef<string[]>([]);

  const count = items.length;
  const visible = Math.ceil(height / rowHeight) + 1;
  const start = Math.max(0, Math.min(first, count - 1) - overscan);
  const end = Math.min(count, first + visible + overscan);

  const sync = () => {
    const el = scroller.current;
    if (el) setFirst(Math.floor(el.scrollTop / rowHeight));
  };

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the reader's rows in place when rows are added or moved above them.
  useLayoutEffect(() => {
    const el = scroller.current;
    const prev = prevKeys.current;
    const next = items.map(getKey);
    prevKeys.current = next;
    if (!el || el.scrollTop <= 0 || !prev.length) return;
    const top = Math.floor(el.scrollTop / rowHeight);
    const index = new Map<string, number>();
    next.forEach((k, i) => index.set(k, i));
    for (let i = top; i < Math.min(prev.length, top + visible); i++) {
      const moved = index.get(prev[i]!);
      if (moved === undefined) continue;
      const delta = (moved - i) * rowHeight;
      if (delta) {
        el.scrollTop += delta;
        setFirst(Math.floor(el.scrollTop / rowHeight));
      }
      break;
    }
    // Only a change of the rows themselves matters here.
  }, [items]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = 0;
    setFirst(0);
  }, [resetKey]);

  useEffect(() => {
    if (hasMore && onEndReached && end >= count - overscan) onEndReached();
  }, [hasMore, onEndReached, end, count, overscan]);

  // A focus request waits for its row to be rendered.
  useLayoutEffect(() => {
    const i = pendingFocus.current;
    if (i === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${i}"]`);
    const target = row?.querySelector<HTMLElement>("a, button, [tabindex]");
    if (target) {
      pendingFocus.current = null;
      target.focus({ preventScroll: true });
    }
  });

  useImperativeHandle(handle, () => {
    const scrollToIndex = (i: number) => {
      const el = scroller.current;
      if (!el || i < 0) return;
      const top = i * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
      setFirst(Math.floor(el.scrollTop / rowHeight));
    };
    return {
      scrollToIndex,
      focusIndex: (i: number) => {
        pendingFocus.current = i;
        scrollToIndex(i);
      },
    };
  }, [rowHeight]);

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    rows.push(
      <li
        key={getKey(item)}
        data-index={i}
        aria-posinset={i + 1}
        aria-setsize={hasMore ? -1 : count}
        className="vlist-row"
        style={{ height: rowHeight, transform: `translateY(${i * rowHeight}px)` }}
      >
        {renderRow(item, i, { start, end })}
      </li>,
    );
  }

  return (
    <div ref={scroller} className={`vlist${className ? ` ${className}` : ""}`} onScroll={sync}>
      <ul role="list" aria-label={label} className="vlist-body" style={{ height: count * rowHeight }} onKeyDown={onKeyDown}>
        {rows}
      </ul>
      {footer !== undefined && (
        <div className="vlist-footer" style={{ height: footerHeight }}>
          {footer}
        </div>
      )}
    </div>
  );
}
