import type { Metadata, Viewport } from "next";
import "./globals.css";
import { I18nProvider } from "@/components/i18n";
import { getLocale } from "@/lib/i18n/server-locale";
import { translate } from "@/lib/shared/i18n/translate";

/** "Inbox" is the product's name in every language; the description is in the page's. */
export async function generateMetadata(): Promise<Metadata> {
  return {
    title: "Inbox",
    description: translate(await getLocale(), "login.tagline"),
    icons: { icon: "/favicon.svg" },
  };
}
export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#141920" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale}>{children}</I18nProvider>
      </body>
    </html>
  );
}
