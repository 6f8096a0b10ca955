import { safeNextPath } from "@/lib/server/safe-next-path";
import { ErrorNote } from "@/components/ErrorNote";

export const metadata = { title: "Log in · numpy-redis" };
export const instant = false;

interface LoginPageProps {
  searchParams: Promise<{ error?: string; wait?: string; next?: string }>;
}

/** The token form for a dashboard started with DASHBOARD_TOKEN; posts to /api/login. */
export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { error, wait, next } = await searchParams;
  return (
    <main className="mx-auto mt-24 max-w-sm p-6">
      <h1 className="mb-2 text-xl font-semibold">numpy-redis</h1>
      <p className="mb-6 text-sm text-gray-600 dark:text-slate-300">
        This dashboard is protected. Enter the <code>DASHBOARD_TOKEN</code> it was started with.
      </p>
      <form method="post" action="/api/login" className="flex flex-col gap-3">
        <input type="hidden" name="next" value={safeNextPath(next)} />
        <label className="flex flex-col gap-1 text-sm">
          Token
          <input
            name="token"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            className="rounded border border-gray-300 px-3 py-2 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        {error ? (
          <ErrorNote>
            {error === "wait"
              ? `Too many wrong tokens from this computer. Try again in ${Number(wait) || 1} s.`
              : "That token is not the one the server was started with."}
          </ErrorNote>
        ) : null}
        <button type="submit" className="rounded bg-gray-900 px-3 py-2 text-white">
          Log in
        </button>
      </form>
    </main>
  );
}
