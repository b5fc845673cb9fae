import { hue, initials } from "@/components/inbox/format";

export function Avatar({ name, url, size = 36 }: { name: string; url: string | null; size?: number }) {
  const style = { width: size, height: size, fontSize: size * 0.4, background: `hsl(${hue(name)} 55% 45%)` };
  if (url) {
    return <img className="avatar" src={url} alt="" width={size} height={size} style={style} />;
  }
  return (
    <span className="avatar" aria-hidden="true" style={style}>
      {initials(name)}
    </span>
  );
}

export function ChannelBadge({ channel }: { channel: "facebook" | "zalo" }) {
  return <span className={`badge badge-${channel}`}>{channel === "facebook" ? "Facebook" : "Zalo"}</span>;
}
