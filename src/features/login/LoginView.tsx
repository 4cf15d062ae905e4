import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Checkbox from "@mui/material/Checkbox";
import FormControlLabel from "@mui/material/FormControlLabel";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, type FormEvent } from "react";
import { useActions, useAppStore } from "../../store/react";
import { SignInStatus } from "../../store/session/sign-in-status";

/**
 * Sign-in. The server URL comes prefilled (`?server=`, else this page's
 * origin); errors are the server's own sentences.
 */
export function LoginView({ webMode }: { webMode: boolean }) {
  const initialServer = useAppStore((state) => state.serverUrl);
  const error = useAppStore((state) => state.sessionError);
  const busy = useAppStore((state) => state.signInStatus === SignInStatus.SigningIn);
  const { signIn } = useActions();
  const [serverUrl, setServerUrl] = useState(initialServer);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void signIn({ serverUrl: serverUrl.trim(), username: username.trim(), password, remember });
  };

  return (
    <Box sx={{ minHeight: "100vh", display: "grid", placeItems: "center", p: 2 }}>
      <Paper component="main" variant="outlined" sx={{ p: 3, width: "100%", maxWidth: 380 }}>
        <Typography component="h1" variant="h6" sx={{ fontWeight: 800, mb: 0.5 }}>
          Handoff
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Sign in to take calls.
        </Typography>
        <Stack component="form" spacing={1.5} onSubmit={onSubmit} noValidate aria-label="Sign in">
          <TextField label="Server" type="url" value={serverUrl} onChange={(event) => setServerUrl(event.target.value)} autoComplete="url" />
          <TextField label="Username" value={username} onChange={(event) => setUsername(event.target.value)} autoFocus autoComplete="username" />
          <TextField label="Password" type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="current-password" />
          <FormControlLabel
            control={<Checkbox checked={remember} onChange={(event) => setRemember(event.target.checked)} size="small" />}
            label="Remember me"
          />
          {webMode && (
            <Typography variant="caption" color="text.secondary" sx={{ mt: -1 }}>
              Remember me keeps this browser signed in until you sign out, for one shift at most.
            </Typography>
          )}
          {error !== null && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" variant="contained" size="medium" disabled={busy || username.trim() === "" || password === ""}>
            {busy ? "Signing in…" : "Sign in"}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}
