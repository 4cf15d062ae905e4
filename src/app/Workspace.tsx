import Box from "@mui/material/Box";
import Paper from "@mui/material/Paper";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import CircularProgress from "@mui/material/CircularProgress";
import { Suspense, useEffect, useState } from "react";
import { AppBarView } from "../features/appbar/AppBarView";
import { CallsPanel } from "../features/calls/CallsPanel";
import { DirectoryPanel } from "../features/directory/DirectoryPanel";
import { AppShortcuts } from "../features/shortcuts/AppShortcuts";
import { useActions, useAppStore } from "../store/react";
import type { MainView } from "../store/ui/state";
import { Dialpad, HistoryView, prefetchLater, SettingsView, ShortcutsHelp, TransferDialog } from "./lazy-views";
import { NoticeBar } from "./NoticeBar";

/** Without a phone to register, the rest of the app's chunks are fetched this long after the first screen. */
const PREFETCH_AFTER_MS = 1_000;

/** True from the first time `value` is: a dialog mounts when first opened and stays, so it can animate closed. */
function useOnceTrue(value: boolean): boolean {
  const [seen, setSeen] = useState(value);
  if (value && !seen) setSeen(true);
  return seen || value;
}

const VIEWS: ReadonlyArray<{ value: MainView; label: string }> = [
  { value: "directory", label: "Directory" },
  { value: "history", label: "History" },
  { value: "settings", label: "Settings" },
];

/** The signed-in screen: the bar on top, calls on the left, directory/history/settings on the right. */
export function Workspace() {
  const view = useAppStore((state) => state.view);
  const keypadOpen = useAppStore((state) => state.keypadOpen);
  const transferWanted = useOnceTrue(useAppStore((state) => state.transferDialogOpen));
  const helpWanted = useOnceTrue(useAppStore((state) => state.helpOpen));
  const { setView } = useActions();
  // The rest of the app once the phone is registered (the first view is complete): long before a call can be
  // answered and transferred, so the dialog is there when T is pressed and no keystroke typed into it is lost.
  const registered = useAppStore((state) => state.registration === "registered");
  useEffect(() => {
    if (registered) prefetchLater();
    const timer = setTimeout(prefetchLater, PREFETCH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [registered]);
  return (
    <Box sx={{ minHeight: "100vh", display: "flex", flexDirection: "column" }}>
      <AppBarView />
      <Box component="main" sx={{ flex: 1, display: "grid", gridTemplateColumns: { xs: "1fr", md: "minmax(320px, 380px) 1fr" }, gap: 2, p: 2 }}>
        <Box>
          <CallsPanel />
          {keypadOpen && (
            <Suspense fallback={null}>
              <Dialpad />
            </Suspense>
          )}
        </Box>
        <Paper variant="outlined" sx={{ p: 1.5, minWidth: 0 }}>
          <Tabs value={view} onChange={(_event, next: MainView) => setView(next)} aria-label="Views" sx={{ minHeight: 36, mb: 1 }}>
            {VIEWS.map(({ value, label }) => (
              <Tab key={value} value={value} label={label} id={`tab-${value}`} aria-controls={`panel-${value}`} sx={{ minHeight: 36, py: 0 }} />
            ))}
          </Tabs>
          <Box role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
            {view === "directory" && <DirectoryPanel />}
            <Suspense fallback={<CircularProgress size={20} aria-label="Loading" />}>
              {view === "history" && <HistoryView />}
              {view === "settings" && <SettingsView />}
            </Suspense>
          </Box>
        </Paper>
      </Box>
      <Suspense fallback={null}>
        {transferWanted && <TransferDialog />}
        {helpWanted && <ShortcutsHelp />}
      </Suspense>
      <AppShortcuts />
      <NoticeBar />
    </Box>
  );
}
