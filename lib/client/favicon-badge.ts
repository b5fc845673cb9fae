// The tab's icon with the unread count drawn over it (a canvas over the app's own icon); the icon itself at 0.

const SIZE = 64;
let original: { href: string; type: string } | null = null;
let image: Promise<HTMLImageElement> | null = null;
let drawn = 0;

function iconLink(): HTMLLinkElement | null {
  return document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
}

function loadImage(href: string): Promise<HTMLImageElement> {
  image ??= new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("icon did not load"));
    img.src = href;
  });
  return image;
}

/** Draws `count` (9+ above nine) in a red disc over the icon; 0 puts the icon back as it was. */
export async function showFaviconBadge(count: number): Promise<void> {
  const link = iconLink();
  if (!link) return;
  original ??= { href: link.getAttribute("href") ?? "/favicon.svg", type: link.type };
  const run = ++drawn;
  if (count <= 0) {
    link.href = original.href;
    link.type = original.type;
    delete link.dataset.badge;
    return;
  }
  let img: HTMLImageElement | null = null;
  try {
    img = await loadImage(original.href);
  } catch {
    img = null; // the badge alone is still worth showing
  }
  if (run !== drawn) return; // a newer count was asked for meanwhile
  const canvas = document.createElement("canvas");
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  if (img) ctx.drawImage(img, 0, 0, SIZE, SIZE);
  const text = count > 9 ? "9+" : String(count);
  const r = 19;
  ctx.beginPath();
  ctx.arc(SIZE - r, r, r, 0, Math.PI * 2);
  ctx.fillStyle = "#d92d20";
  ctx.fill();
  ctx.lineWidth = 3;
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
  ctx.fillStyle = "#ffffff";
  ctx.font = `bold ${text.length > 1 ? 22 : 28}px system-ui, sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, SIZE - r, r + 1);
  link.type = "image/png";
  link.href = canvas.toDataURL("image/png");
  link.dataset.badge = text;
}
