import "./globals.css";
import Link from "next/link";
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { HealthBanner } from "@/components/HealthBanner";

export const metadata: Metadata = {
  title: "numpy-redis",
  description: "Browse, preview, upload and download NumPy arrays stored in Redis.",
  icons: { icon: "/icon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
          <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3">
            <Link href="/" className="flex items-center gap-2 whitespace-nowrap rounded font-semibold tracking-tight">
              <span aria-hidden className="grid h-6 w-6 grid-cols-2 gap-0.5">
                <span className="rounded-sm bg-sky-500" />
                <span className="rounded-sm bg-emerald-500" />
                <span className="rounded-sm bg-amber-400" />
                <span className="rounded-sm bg-red-500" />
              </span>
              numpy-redis
            </Link>
            <span className="hidden text-sm text-slate-500 sm:inline dark:text-slate-400">NumPy arrays in Redis, byte for byte</span>
          </div>
        </header>
        <HealthBanner />
        {children}
      </body>
    </html>
  );
}
