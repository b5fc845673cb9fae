import { useEffect, type RefObject } from "react";

/**
 * While a popup is open: Escape closes it (`onClose(true)`: focus goes back to its trigger);
 * a pointer press or focus outside `root` closes it (`onClose(false)`). One behaviour for
 * every menu and panel of the header.
 */
export function useDismiss(open: boolean, root: RefObject<HTMLElement | null>, onClose: (refocus: boolean) => void): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose(true);
    };
    const outside = (e: Event) => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) onClose(false);
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("mousedown", outside);
    window.addEventListener("focusin", outside);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("mousedown", outside);
      window.removeEventListener("focusin", outside);
    };
  }, [open, root, onClose]);
}
