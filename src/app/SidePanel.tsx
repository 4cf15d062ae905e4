import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import { Suspense } from "react";
import { DirectoryPanel } from "../features/directory/DirectoryPanel";
import { useActions, useAppStore } from "../store/react";
import type { MainView } from "../store/ui/state";
import { HistoryView, SettingsView, SupervisorBoard } from "./lazy-views";

const VIEWS: ReadonlyArray<{ value: MainView; label: string }> = [
  { value: "directory", label: "Directory" },
  { value: "history", label: "History" },
  { value: "settings", label: "Settings" },
];
const BOARD: { value: MainView; label: string } = { value: "board", label: "Board" };

/** Directory, history and settings as tabs: beside the calls, a chunk of its own that comes after the first screen. */
export function SidePanel() {
  const view = useAppStore((state) => state.view);
  const supervisor = useAppStore((state) => state.agent?.role === "supervisor");
  const { setView } = useActions();
  const views = supervisor ? [BOARD, ...VIEWS] : VIEWS;
  return (
    <>
      <Tabs value={view} onChange={(_event, next: MainView) => setView(next)} aria-label="Views" sx={{ minHeight: 36, mb: 1 }}>
        {views.map(({ value, label }) => (
          <Tab key={value} value={value} label={label} id={`tab-${value}`} aria-controls={`panel-${value}`} sx={{ minHeight: 36, py: 0 }} />
        ))}
      </Tabs>
      <Box role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
        {view === "directory" && <DirectoryPanel />}
        <Suspense fallback={<CircularProgress size={20} aria-label="Loading" />}>
          {view === "history" && <HistoryView />}
          {view === "settings" && <SettingsView />}
          {view === "board" && supervisor && <SupervisorBoard />}
        </Suspense>
      </Box>
    </>
  );
}
