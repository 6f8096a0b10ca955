// Facts about an array's file: what numpy wrote in the header, sizes, hash.
import type { ArrayInfo } from "@/lib/api-types";
import { formatBytes, formatShape, formatTtl } from "@/lib/client/format";
import { dtypeWordsFromHeader } from "@/lib/client/list-row";
import { useArrayTtl } from "@/lib/client/use-array-ttl";
import type { ArrayDescription } from "@/lib/client/worker-protocol";
import { labelClass, panelClass } from "./styles";

interface Props {
  info: ArrayInfo;
  summary: ArrayDescription | null;
  sha256: string | null;
  loading: boolean;
  /** Why there is no hash (yet), and how to get one: a big stack's hash needs all of its bytes. */
  hashNote?: React.ReactNode;
}

export function ArrayMetadata({ info, summary, sha256, loading, hashNote }: Props) {
  const ttl = useArrayTtl(info.key, info.ttl);
  const rows: [string, React.ReactNode][] = [
    [
      "Shape",
      <span key="s" data-testid="meta-shape">
        {formatShape(info.shape)}
      </span>,
    ],
    [
      "Dtype",
      <span key="d" data-testid="meta-dtype">
        {summary?.dtypeWords ?? dtypeWordsFromHeader(info.header) ?? "…"}
      </span>,
    ],
    [
      "descr",
      <code key="r" className="break-all">
        {info.descr}
      </code>,
    ],
    ["Order", info.fortranOrder ? "Fortran (column-major)" : "C (row-major)"],
    ["Elements", info.size.toLocaleString("en-US")],
    ["Item size", `${info.itemsize} B`],
    ["File size", `${formatBytes(info.bytes)} (${info.bytes.toLocaleString("en-US")} B)`],
    [
      "Expires in",
      <span key="t" data-testid="meta-ttl" className="tabular-nums">
        {ttl < 0 ? "never (no TTL)" : formatTtl(ttl)}
      </span>,
    ],
    ["Format version", info.version],
    ["Data offset", `${info.dataOffset} B`],
    [
      "SHA-256",
      sha256 || loading || !hashNote ? (
        <code key="h" className="break-all text-xs" data-testid="meta-sha256">
          {sha256 ?? (loading ? "computing…" : "—")}
        </code>
      ) : (
        <div key="h" className="font-sans text-xs" data-testid="meta-sha256">
          {hashNote}
        </div>
      ),
    ],
  ];
  return (
    <section aria-labelledby="meta-title" className={`${panelClass} p-4`}>
      <h2 id="meta-title" className={labelClass}>
        Metadata
      </h2>
      <dl className="mt-2 grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
            <dd className="min-w-0 font-mono">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
