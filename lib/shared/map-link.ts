import { httpUrlOrNull } from "@/lib/shared/safe-url";

/**
 * A map link for coordinates, or null when they are not coordinates. Built from numbers
 * only (never from platform text), then checked like any other URL before it is shown.
 */
export function mapLink(latitude: number, longitude: number): string | null {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return httpUrlOrNull(`https://www.google.com/maps?q=${latitude},${longitude}`);
}
