"use client";

import { useEffect, useState } from "react";

/**
 * The value once it has stopped changing for `ms`. Values for which `immediate`
 * answers true (e.g. a cleared search box) pass at once.
 */
export function useDebouncedValue<T>(value: T, ms: number, immediate?: (v: T) => boolean): T {
  const [settled, setSettled] = useState(value);
  // Adjusting state while rendering is React's sanctioned way to follow a prop at once.
  if (settled !== value && immediate?.(value)) setSettled(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
