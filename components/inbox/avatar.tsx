"use client";

import { useState, type CSSProperties } from "react";
import { channelName, hue, initials } from "@/components/inbox/format";
import { ChannelGlyph } from "@/components/inbox/icons";
import type { Channel } from "@/lib/shared/dto";
import { appFileUrlOrNull, thumbUrl } from "@/lib/shared/file-dto";

/** A photo when Inbox holds one, else initials on a soft colour picked from the name. */
export function Avatar({ name, url, size = 36 }: { name: string; url: string | null; size?: number }) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.38), "--h": hue(name) } as CSSProperties;
  // Only the app's own files (Inbox downloads the platform's picture: lib/inbox/refresh-contact-profiles.ts);
  // a platform's URL would have the agent's browser call the platform (and the CSP refuses it anyway).
  const src = appFileUrlOrNull(url);
  // A picture that does not load (gone, not an image) shows the initials, never a broken image.
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) {
    return <img className="avatar" src={thumbUrl(src)} alt="" width={size} height={size} style={style} onError={() => setFailed(src)} />;
  }
  return (
    <span className="avatar" aria-hidden="true" style={style}>
      {initials(name)}
    </span>
  );
}

/** The channel's logo on the corner of an avatar; its name is there for screen readers. */
export function ChannelMark({ channel }: { channel: Channel }) {
  return (
    <span className="channel-mark" title={channelName(channel)}>
      <ChannelGlyph channel={channel} size={16} />
      <span className="visually-hidden">{channelName(channel)}</span>
    </span>
  );
}

/** Logo and channel name, optionally with the page / OA it came through. */
export function ChannelBadge({ channel, via }: { channel: Channel; via?: string }) {
  return (
    <span className={`channel-badge channel-${channel}`}>
      <ChannelGlyph channel={channel} size={14} />
      <span>
        {channelName(channel)}
        {via ? <span className="via"> · {via}</span> : null}
      </span>
    </span>
  );
}
