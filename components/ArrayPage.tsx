"use client";
// One array: metadata at once, then (after the bytes arrive and the worker
// parses them) stats and the views that suit it, all driven by URL state.
// Versions written later replace it in place, the view state untouched.
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { VIEW_LABELS } from "@/lib/client/available-views";
import { loadPlotly } from "@/lib/client/load-plotly";
import { planeName } from "@/lib/client/plane-name";
import { paddedIndices, resolveView } from "@/lib/client/resolve-view";
import { useFollowedArray } from "@/lib/client/use-followed-array";
import { useLoadedArray } from "@/lib/client/use-loaded-array";
import { useHeldWhile } from "@/lib/client/use-held-while";
import { usePaintedFrame } from "@/lib/client/use-painted-frame";
import { usePlayback } from "@/lib/client/use-playback";
import { useViewState } from "@/lib/client/use-view-state";
import { useArrayStatistics } from "@/lib/client/use-array-statistics";
import { useWholeArray } from "@/lib/client/use-whole-array";
import { COMPLEX_PARTS } from "@/lib/client/view-state";
import type { NumericSource } from "@/lib/client/worker-protocol";
import { ArrayActions } from "./ArrayActions";
import { ArrayHeatmap } from "./ArrayHeatmap";
import { ArrayHistogram } from "./ArrayHistogram";
import { ArrayMetadata } from "./ArrayMetadata";
import { ArrayStats } from "./ArrayStats";
import { ErrorNote } from "./ErrorNote";
import { LabelledSelect } from "./LabelledSelect";
import { LineView } from "./LineView";
import { LiveStatus } from "./LiveStatus";
import { LoadProgress } from "./LoadProgress";
import { ObjectArrayNotice } from "./ObjectArrayNotice";
import { PlaybackControls } from "./PlaybackControls";
import { RgbImage } from "./RgbImage";
import { SliceControls } from "./SliceControls";
import { ValueTable } from "./ValueTable";
import { WholeArrayDownload } from "./WholeArrayDownload";
import { WholeArrayHashNote } from "./WholeArrayHashNote";
import { buttonClass, labelClass, panelClass, secondaryTextClass, segmentClass, segmentedGroupClass } from "./styles";
import { KeyName } from "./KeyName";

export function ArrayPage({ arrayKey }: { arrayKey: string }) {
  const loaded = useLoadedArray(arrayKey);
  const live = useFollowedArray(arrayKey, loaded);
  const [state, update] = useViewState();
  const { summary, worker } = loaded;
  /** A partial array's whole download, for its statistics, histogram, table and hash; its planes stay in view meanwhile. */
  const wholeDownload = useWholeArray(worker, Boolean(summary?.partial));
  const { whole } = wholeDownload;

  // Only the choices resolveView reads: a colormap change resolves nothing again.
  const { views, view, field, complexPart, xAxis, yAxis } = useMemo(
    () =>
      resolveView(summary, {
        view: state.view,
        field: state.field,
        complexPart: state.complexPart,
        xAxis: state.xAxis,
        yAxis: state.yAxis,
      }),
    [summary, state.view, state.field, state.complexPart, state.xAxis, state.yAxis],
  );
  // The views drawn by plotly.js warm it while their data downloads (each awaits loadPlotly itself and reports a failure there).
  // The heatmap never loads it: its picture and axes are its own, and evaluating plotly.js is one long task.
  const drawnByPlotly = view === "line" || view === "histogram";
  useEffect(() => {
    if (drawnByPlotly) loadPlotly().catch(() => undefined);
  }, [drawnByPlotly]);
  const ndim = summary?.shape.length ?? 0;
  // Kept apart from the rest so that only a move along an axis (not a tab, field or axis change) makes new indices,
  // which the plane statistics and the frames depend on.
  const indices = useMemo(() => paddedIndices(ndim, state.indices), [ndim, state.indices]);
  const source: NumericSource = useMemo(() => ({ field, complexPart }), [field, complexPart]);
  const wholeHere = whole.phase === "here" || whole.phase === "ready";
  // The histogram reads every value: a partial array is downloaded for it (the table reads the plane on screen).
  const needsWhole = view === "histogram";
  const requestWhole = wholeDownload.request;
  useEffect(() => {
    if (needsWhole) requestWhole();
  }, [needsWhole, requestWhole]);

  const setIndex = useCallback(
    (axis: number, index: number) => {
      const next = [...indices];
      next[axis] = index;
      // The new plane's bytes are asked for now, not after the page has rendered the move.
      if (summary?.partial) worker?.call("fetchPlane", { xAxis, yAxis, indices: next }).catch(() => undefined);
      update({ indices: next });
    },
    [indices, update, summary?.partial, worker, xAxis, yAxis],
  );
  const setAxes = useCallback((x: number, y: number) => update({ xAxis: x, yAxis: y }), [update]);

  // Playback along one of the sliced axes, paced by the frames actually painted.
  const slicedAxes = summary ? summary.shape.map((_, axis) => axis).filter((axis) => axis !== xAxis && axis !== yAxis) : [];
  const [chosenPlayAxis, setPlayAxis] = useState<number | null>(null);
  const playAxis = chosenPlayAxis !== null && slicedAxes.includes(chosenPlayAxis) ? chosenPlayAxis : (slicedAxes[0] ?? -1);
  const [heldDomain, setHeldDomain] = useState<[number, number] | null>(null);
  const stepPlayed = useCallback((index: number) => setIndex(playAxis, index), [setIndex, playAxis]);
  const playback = usePlayback({
    length: playAxis >= 0 && summary ? summary.shape[playAxis] : 0,
    index: indices[playAxis] ?? 0,
    onIndex: stepPlayed,
    keyboard: view === "heatmap" && playAxis >= 0,
  });
  const onPainted = usePaintedFrame(indices, playAxis, playback.framePainted);
  const { frameAfter } = playback;
  const nextPlayed = useCallback(
    (shown: number[]) => {
      const next = playAxis >= 0 ? frameAfter(shown[playAxis]) : null;
      return next === null ? null : shown.map((index, axis) => (axis === playAxis ? next : index));
    },
    [playAxis, frameAfter],
  );
  // A partial array's plane statistics follow the frame on screen, except during playback: the worker
  // would compute them for every frame only to have them replaced; they catch up when it pauses.
  const statsIndices = useHeldWhile(indices, playback.playing);
  // Every view of the plane on screen (the Values tab's matrix too) has its statistics beside it.
  const statsOfPlane = Boolean(summary?.partial) && (view === "heatmap" || view === "line" || view === "table");
  const statsPlane = useMemo(() => (statsOfPlane ? { xAxis, yAxis, indices: statsIndices } : undefined), [statsOfPlane, xAxis, yAxis, statsIndices]);
  const stats = useArrayStatistics(worker, Boolean(summary?.isNumeric), source, statsPlane, wholeHere);
  // A held domain stands in for the automatic one; bounds the user typed still win.
  const heatmapState = useMemo(
    () =>
      heldDomain && state.domainMin === "" && state.domainMax === "" ? { ...state, domainMin: String(heldDomain[0]), domainMax: String(heldDomain[1]) } : state,
    [heldDomain, state],
  );

  const subjectOf = (what: string) => [what, field && `field ${field}`, complexPart].filter(Boolean).join(", ");
  const planeStats = stats.plane?.stats;
  const planeSubject =
    planeStats?.scope === "sample" && planeStats.sampleStep
      ? `a sample of ${planeName(statsIndices, xAxis, yAxis)} (every ${planeStats.sampleStep[0]}th row and column)`
      : `the plane ${planeName(statsIndices, xAxis, yAxis)}`;
  const planeHeld = playback.playing ? " (held while playing)" : "";

  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-sky-700 underline-offset-2 hover:underline dark:text-sky-300">
          ← All arrays
        </Link>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="min-w-0 break-all font-mono text-xl font-semibold" data-testid="array-key">
          <KeyName name={arrayKey} />
        </h1>
        {loaded.phase !== "missing" && !live.removal && <ArrayActions arrayKey={arrayKey} />}
      </div>
      {(loaded.phase === "ready" || loaded.phase === "object") && (
        <LiveStatus
          arrayKey={arrayKey}
          following={live.following}
          onFollowingChange={live.setFollowing}
          connected={live.connected}
          updatedAt={live.updatedAt}
          newerAvailable={live.newerAvailable}
          removal={live.removal}
          failure={live.failure}
          onCheckNow={live.checkNow}
        />
      )}

      {(loaded.phase === "downloading" || loaded.phase === "parsing") && (
        <LoadProgress progress={loaded.progress} parsing={loaded.phase === "parsing"} onCancel={loaded.cancel} />
      )}
      {loaded.phase === "cancelled" && (
        <p className={`flex items-center gap-3 text-sm ${secondaryTextClass}`}>
          Loading cancelled. The metadata below comes from the header alone.
          <button type="button" className={buttonClass} onClick={loaded.reload}>
            Load the values
          </button>
        </p>
      )}
      {loaded.phase === "missing" && (
        <p role="alert" className={`${panelClass} p-4 text-sm`}>
          There is no array named <code className="font-mono">{arrayKey}</code> (it may have been deleted or expired); if one is written under this name, it
          appears here.{" "}
          <Link href="/" className="text-sky-700 underline dark:text-sky-300">
            Back to the list
          </Link>
        </p>
      )}
      {loaded.phase === "error" && <ErrorNote onRetry={loaded.reload}>Could not load the array: {loaded.error}</ErrorNote>}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex min-w-0 flex-col gap-4">
          {loaded.phase === "object" && <ObjectArrayNotice />}
          {summary && summary.scalarText !== null && (
            <section className={`${panelClass} p-4`}>
              <h2 className={labelClass}>Value (0-d array)</h2>
              <p className="mt-1 break-all font-mono text-2xl" data-testid="scalar-value">
                {summary.scalarText}
              </p>
            </section>
          )}
          {summary && worker && view && summary.shape.length > 0 && (
            <section className={`${panelClass} flex flex-col gap-3 p-4`} aria-label="Views">
              <div className="flex flex-wrap items-center gap-3">
                <div role="tablist" aria-label="View" className={segmentedGroupClass}>
                  {views.map((v) => (
                    <button
                      key={v}
                      type="button"
                      role="tab"
                      aria-selected={v === view}
                      className={segmentClass(v === view)}
                      onClick={() => update({ view: v })}
                    >
                      {VIEW_LABELS[v]}
                    </button>
                  ))}
                </div>
                {field !== undefined && view !== "table" && (
                  <LabelledSelect
                    className="text-sm"
                    label="Field"
                    value={field}
                    options={summary.numericFields}
                    onChange={(chosen) => update({ field: chosen })}
                  />
                )}
                {complexPart !== undefined && view !== "table" && (
                  <LabelledSelect
                    className="text-sm"
                    label="Complex part"
                    value={complexPart}
                    options={COMPLEX_PARTS}
                    onChange={(part) => update({ complexPart: part })}
                  />
                )}
              </div>
              {view === "heatmap" && (
                <>
                  <SliceControls shape={summary.shape} xAxis={xAxis} yAxis={yAxis} indices={state.indices} onAxes={setAxes} onIndex={setIndex} />
                  {playAxis >= 0 && (
                    <PlaybackControls
                      playing={playback.playing}
                      settings={playback.settings}
                      onToggle={playback.toggle}
                      onSettings={playback.setSettings}
                      axes={slicedAxes}
                      axis={playAxis}
                      onAxis={setPlayAxis}
                      holdColours={heldDomain !== null}
                      onHoldColours={(hold) => setHeldDomain(hold ? onPainted.domain() : null)}
                    />
                  )}
                  <ArrayHeatmap
                    worker={worker}
                    shape={summary.shape}
                    source={source}
                    state={heatmapState}
                    xAxis={xAxis}
                    yAxis={yAxis}
                    indices={indices}
                    onChange={update}
                    step={playback.settings.stride}
                    onPainted={onPainted.report}
                    nextPlayed={nextPlayed}
                  />
                </>
              )}
              {view === "image" && summary.isImage && (
                <>
                  <SliceControls shape={summary.shape} xAxis={ndim - 2} yAxis={ndim - 3} fixedAxes={[ndim - 1]} indices={state.indices} onIndex={setIndex} />
                  <RgbImage worker={worker} indices={indices} />
                </>
              )}
              {view === "line" && (
                <LineView
                  worker={worker}
                  shape={summary.shape}
                  source={source}
                  state={state}
                  onChange={update}
                  xAxis={xAxis}
                  yAxis={yAxis}
                  indices={indices}
                  onIndex={setIndex}
                />
              )}
              {needsWhole && <WholeArrayDownload download={wholeDownload} totalBytes={summary.totalBytes} purpose="for this view" />}
              {view === "histogram" && wholeHere && <ArrayHistogram worker={worker} source={source} />}
              {view === "table" && (
                <ValueTable
                  worker={worker}
                  shape={summary.shape}
                  columns={summary.columns}
                  dtypeKind={summary.dtypeKind}
                  itemsize={summary.itemsize}
                  slice={{ xAxis, yAxis, indices, onAxes: setAxes, onIndices: (indices) => update({ indices }) }}
                />
              )}
            </section>
          )}
        </div>
        <aside className="flex min-w-0 flex-col gap-4">
          {summary?.isNumeric && statsPlane && (
            <ArrayStats
              stats={stats.plane?.stats ?? null}
              subject={subjectOf(planeSubject) + planeHeld}
              error={stats.plane?.error ?? null}
              testId="plane-stats"
            />
          )}
          {summary?.isNumeric && (
            <ArrayStats
              stats={stats.array?.stats ?? null}
              subject={subjectOf(summary.partial ? "the whole array" : "")}
              error={stats.array?.error ?? null}
              waiting={!wholeHere && <WholeArrayDownload download={wholeDownload} totalBytes={summary.totalBytes} purpose="to compute them" />}
            />
          )}
          {loaded.info && (
            <ArrayMetadata
              info={loaded.info}
              summary={summary}
              sha256={loaded.sha256 ?? wholeDownload.sha256}
              loading={(loaded.phase === "ready" && !summary?.partial) || loaded.phase === "parsing"}
              hashNote={summary?.partial && <WholeArrayHashNote download={wholeDownload} totalBytes={summary.totalBytes} />}
            />
          )}
        </aside>
      </div>
    </main>
  );
}
