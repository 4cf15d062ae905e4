import { CacheProvider, type EmotionCache } from "@emotion/react";
import CircularProgress from "@mui/material/CircularProgress";
import Box from "@mui/material/Box";
import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import type { ShortcutAction } from "@handoff/contract";
import { Suspense } from "react";
import { ShortcutsProvider } from "../features/shortcuts/ShortcutsProvider";
import { StoreProvider, useAppStore } from "../store/react";
import { SignInStatus } from "../store/session/sign-in-status";
import type { AppStore } from "../store/types";
import { LoginView, prefetchWorkspace, Workspace } from "./lazy-views";
import { theme } from "./theme";

export interface AppProps {
  store: AppStore;
  webMode: boolean;
  subscribeGlobalShortcuts?: (listener: (action: ShortcutAction) => void) => () => void;
  /** Emotion's cache, carrying the page's CSP nonce; emotion's default cache when absent (tests). */
  styleCache?: EmotionCache;
}

// Every sign-in ends in the workspace: fetch its chunk now, beside the sign-in.
prefetchWorkspace();

export function App({ store, webMode, subscribeGlobalShortcuts, styleCache }: AppProps) {
  const app = (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <StoreProvider store={store}>
        <ShortcutsProvider subscribeGlobal={subscribeGlobalShortcuts}>
          <Screen webMode={webMode} />
        </ShortcutsProvider>
      </StoreProvider>
    </ThemeProvider>
  );
  return styleCache === undefined ? app : <CacheProvider value={styleCache}>{app}</CacheProvider>;
}

function Starting() {
  return (
    <Box sx={{ minHeight: "100vh", display: "grid", placeItems: "center" }}>
      <CircularProgress aria-label="Starting" />
    </Box>
  );
}

function Screen({ webMode }: { webMode: boolean }) {
  const status = useAppStore((state) => state.signInStatus);
  if (status === SignInStatus.Checking) return <Starting />;
  // Each screen is a chunk of its own (lazy-views.ts): a remembered session never loads the form.
  return <Suspense fallback={<Starting />}>{status === SignInStatus.SignedIn ? <Workspace /> : <LoginView webMode={webMode} />}</Suspense>;
}
