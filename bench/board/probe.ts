/**
 * What the benchmark reads from the page (window.boardProbe), on the page's epoch clock
 * (performance.timeOrigin + now(), the same system clock as the benchmark's):
 * - `painted`: for each `data-since` a board row took, the first frame after the DOM showed it;
 * - `frames`: the time between animation frames while recording;
 * - `longTasks`: main-thread tasks over 50 ms (the Long Tasks API) while recording.
 */
export interface BoardProbe {
  painted: Record<string, number>;
  frames: number[];
  longTasks: number[];
  rows(): number;
  record(on: boolean): void;
  now(): number;
}

const epochNow = () => performance.timeOrigin + performance.now();

export function installBoardProbe(): void {
  let recording = false;
  let last: number | null = null;
  const probe: BoardProbe = {
    painted: {},
    frames: [],
    longTasks: [],
    rows: () => document.querySelectorAll("[data-agent-id]").length,
    record(on) {
      recording = on;
      last = null;
    },
    now: epochNow,
  };
  (window as unknown as { boardProbe: BoardProbe }).boardProbe = probe;

  const frame = () => {
    const at = performance.now();
    if (recording && last !== null) probe.frames.push(at - last);
    last = at;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  new PerformanceObserver((list) => {
    if (recording) for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: false });

  new MutationObserver((records) => {
    const shown: string[] = [];
    for (const record of records) {
      const since = record.target instanceof HTMLElement ? record.target.dataset.since : undefined;
      if (since !== undefined && !(since in probe.painted)) shown.push(since);
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        for (const row of [node, ...node.querySelectorAll<HTMLElement>("[data-since]")]) {
          const value = row.dataset.since;
          if (value !== undefined && !(value in probe.painted)) shown.push(value);
        }
      }
    }
    if (shown.length > 0) requestAnimationFrame(() => {
      const at = epochNow();
      for (const since of shown) probe.painted[since] ??= at;
    });
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-since"] });
}
