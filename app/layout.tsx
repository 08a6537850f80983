import type { Metadata } from "next";
import { currentTheme } from "./_components/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tenantry", template: "%s · Tenantry" },
  description: "A multi-tenant employee and project dashboard, isolated by Postgres row-level security.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" data-theme={await currentTheme()}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-semibold text-indigo-700 focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 dark:bg-slate-900 dark:text-indigo-300">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
