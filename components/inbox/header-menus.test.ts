import { expect, test } from "vitest";
import { snoozePresets } from "@/components/inbox/header-menus";

test("snooze presets: an hour from now, tomorrow 9:00, next Monday 9:00 (local time), all in the future", () => {
  // A Wednesday afternoon, and a Monday morning before 9 (next week is still a week ahead).
  for (const now of [new Date(2026, 11, 2, 15, 30), new Date(2026, 11, 7, 8, 0), new Date(2026, 11, 6, 23, 59)]) {
    const [hour, tomorrow, week] = snoozePresets(now).map((p) => p.at);
    expect(hour!.getTime() - now.getTime()).toBe(3600_000);
    expect([tomorrow!.getDate(), tomorrow!.getHours(), tomorrow!.getMinutes()]).toEqual([new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getDate(), 9, 0]);
    expect([week!.getDay(), week!.getHours()]).toEqual([1, 9]);
    expect(week!.getTime()).toBeGreaterThan(now.getTime());
    expect(week!.getTime() - now.getTime()).toBeLessThanOrEqual(8 * 86_400_000);
  }
});
