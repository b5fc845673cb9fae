import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = { title: "Inbox", description: "Every customer conversation, one calm inbox." };
export const viewport: Viewport = { colorScheme: "light dark" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
