import Box from "@mui/material/Box";
import Paper from "@mui/material/Paper";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import { AppBarView } from "../features/appbar/AppBarView";
import { CallsPanel } from "../features/calls/CallsPanel";
import { Dialpad } from "../features/dialpad/Dialpad";
import { DirectoryPanel } from "../features/directory/DirectoryPanel";
import { HistoryView } from "../features/history/HistoryView";
import { SettingsView } from "../features/settings/SettingsView";
import { AppShortcuts } from "../features/shortcuts/AppShortcuts";
import { ShortcutsHelp } from "../features/shortcuts/ShortcutsHelp";
import { TransferDialog } from "../features/transfer/TransferDialog";
import { useActions, useAppStore } from "../store/react";
import type { MainView } from "../store/ui/state";
import { NoticeBar } from "./NoticeBar";

const VIEWS: ReadonlyArray<{ value: MainView; label: string }> = [
  { value: "directory", label: "Directory" },
  { value: "history", label: "History" },
  { value: "settings", label: "Settings" },
];

/** The signed-in screen: the bar on top, calls on the left, directory/history/settings on the right. */
export function Workspace() {
  const view = useAppStore((state) => state.view);
  const keypadOpen = useAppStore((state) => state.keypadOpen);
  const { setView } = useActions();
  return (
    <Box sx={{ minHeight: "100vh", display: "flex", flexDirection: "column" }}>
      <AppBarView />
      <Box component="main" sx={{ flex: 1, display: "grid", gridTemplateColumns: { xs: "1fr", md: "minmax(320px, 380px) 1fr" }, gap: 2, p: 2 }}>
        <Box>
          <CallsPanel />
          {keypadOpen && <Dialpad />}
        </Box>
        <Paper variant="outlined" sx={{ p: 1.5, minWidth: 0 }}>
          <Tabs value={view} onChange={(_event, next: MainView) => setView(next)} aria-label="Views" sx={{ minHeight: 36, mb: 1 }}>
            {VIEWS.map(({ value, label }) => (
              <Tab key={value} value={value} label={label} id={`tab-${value}`} aria-controls={`panel-${value}`} sx={{ minHeight: 36, py: 0 }} />
            ))}
          </Tabs>
          <Box role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
            {view === "directory" && <DirectoryPanel />}
            {view === "history" && <HistoryView />}
            {view === "settings" && <SettingsView />}
          </Box>
        </Paper>
      </Box>
      <TransferDialog />
      <ShortcutsHelp />
      <AppShortcuts />
      <NoticeBar />
    </Box>
  );
}
