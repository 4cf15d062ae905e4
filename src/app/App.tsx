import { CacheProvider, type EmotionCache } from "@emotion/react";
import CircularProgress from "@mui/material/CircularProgress";
import Box from "@mui/material/Box";
import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import type { ShortcutAction } from "@handoff/contract";
import { Activity, useState } from "react";
import { ShortcutsProvider } from "../features/shortcuts/ShortcutsProvider";
import { StoreProvider, useAppStore } from "../store/react";
import { SignInStatus } from "../store/session/sign-in-status";
import type { AppStore } from "../store/types";
import { loginChunk, useChunk } from "./lazy-views";
import { theme } from "./theme";
import { Workspace } from "./Workspace";

export interface AppProps {
  store: AppStore;
  webMode: boolean;
  subscribeGlobalShortcuts?: (listener: (action: ShortcutAction) => void) => () => void;
  /** Emotion's cache, carrying the page's CSP nonce; emotion's default cache when absent (tests). */
  styleCache?: EmotionCache;
}

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
  const signedIn = status === SignInStatus.SignedIn;
  // The workspace (the first screen, in this module) is drawn hidden while the session is asked for or the form is
  // filled in, when the page has nothing else to do: once signed in, showing it is a commit, not a whole first render
  // in the way of the phone's WebSocket and REGISTER. Hidden, its effects do not run (nothing is fetched or subscribed).
  const signOuts = useSignOuts(signedIn);
  return (
    <>
      {!signedIn && (status === SignInStatus.Checking ? <Starting /> : <SignIn webMode={webMode} />)}
      <Activity mode={signedIn ? "visible" : "hidden"}>
        <Workspace key={signOuts} />
      </Activity>
    </>
  );
}

/**
 * Counts sign-outs: the workspace is keyed by it, so a sign-out discards the one hidden behind the form with what
 * the agent left in it (a filter typed, a keypad number), and the next agent's is drawn afresh.
 */
function useSignOuts(signedIn: boolean): number {
  const [seen, setSeen] = useState({ signedIn, count: 0 });
  // Adjusted while rendering (React re-renders at once, before committing): no frame shows the old workspace.
  if (seen.signedIn !== signedIn) setSeen({ signedIn, count: signedIn ? seen.count : seen.count + 1 });
  return seen.count;
}

function SignIn({ webMode }: { webMode: boolean }) {
  const LoginView = useChunk(loginChunk);
  return LoginView === null ? <Starting /> : <LoginView webMode={webMode} />;
}
