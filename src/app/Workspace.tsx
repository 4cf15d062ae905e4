import Box from "@mui/material/Box";
import Paper from "@mui/material/Paper";
import { Suspense, useEffect, useState } from "react";
import { AppBarView } from "../features/appbar/AppBarView";
import { CallsPanel } from "../features/calls/CallsPanel";
import { ConferencePanel } from "../features/conference/ConferencePanel";
import { MonitoringNoticeBanner } from "../features/monitoring/MonitoringNoticeBanner";
import { MonitoringPanel } from "../features/monitoring/MonitoringPanel";
import { AppShortcuts } from "../features/shortcuts/AppShortcuts";
import { useAppStore } from "../store/react";
import { Dialpad, noticeChunk, prefetchLater, ShortcutsHelp, sidePanelChunk, TransferDialog, useChunk, wrapUpChunk } from "./lazy-views";

/** Without a phone to register, the rest of the app's chunks are fetched this long after the first screen. */
const PREFETCH_AFTER_MS = 1_000;

/** True from the first time `value` is: a dialog mounts when first opened and stays, so it can animate closed. */
function useOnceTrue(value: boolean): boolean {
  const [seen, setSeen] = useState(value);
  if (value && !seen) setSeen(true);
  return seen || value;
}

/**
 * The signed-in screen: the bar on top, calls on the left, directory/history/settings on the right.
 * The first screen is the bar and the calls; the side panel and the rest come once the phone is registered.
 */
export function Workspace() {
  const keypadOpen = useAppStore((state) => state.keypadOpen);
  const transferWanted = useOnceTrue(useAppStore((state) => state.transferDialogOpen));
  const helpWanted = useOnceTrue(useAppStore((state) => state.helpOpen));
  const noticeWanted = useOnceTrue(useAppStore((state) => state.notice !== null));
  const inWrapUp = useAppStore((state) => state.queueState?.wrapUp != null);
  // The rest of the app once the phone is registered (the first view is complete): long before a call can be
  // answered and transferred, so the dialog is there when T is pressed and no keystroke typed into it is lost.
  const registered = useAppStore((state) => state.registration === "registered");
  const [later, setLater] = useState(false);
  useEffect(() => {
    const start = () => {
      setLater(true);
      prefetchLater();
    };
    if (registered) start();
    const timer = setTimeout(start, PREFETCH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [registered]);
  return (
    <Box sx={{ minHeight: "100vh", display: "flex", flexDirection: "column" }}>
      <AppBarView />
      <Box component="main" sx={{ flex: 1, display: "grid", gridTemplateColumns: { xs: "1fr", md: "minmax(320px, 380px) 1fr" }, gap: 2, p: 2 }}>
        <Box>
          {inWrapUp && <Later part={wrapUpChunk} />}
          <MonitoringPanel />
          <MonitoringNoticeBanner />
          <ConferencePanel />
          <CallsPanel />
          {keypadOpen && (
            <Suspense fallback={null}>
              <Dialpad />
            </Suspense>
          )}
        </Box>
        <Paper variant="outlined" sx={{ p: 1.5, minWidth: 0 }}>
          {later && <Later part={sidePanelChunk} />}
        </Paper>
      </Box>
      <Suspense fallback={null}>
        {transferWanted && <TransferDialog />}
        {helpWanted && <ShortcutsHelp />}
      </Suspense>
      <AppShortcuts />
      {noticeWanted && <Later part={noticeChunk} />}
    </Box>
  );
}

/** A part drawn once its chunk is there, nothing before (not a Suspense fallback: see useChunk). */
function Later({ part }: { part: typeof sidePanelChunk }) {
  const Part = useChunk(part);
  return Part === null ? null : <Part />;
}
