import AppBar from "@mui/material/AppBar";
import Box from "@mui/material/Box";
import Divider from "@mui/material/Divider";
import Toolbar from "@mui/material/Toolbar";
import Typography from "@mui/material/Typography";
import { queueBarChunk, useChunk } from "../../app/lazy-views";
import { AccountMenu } from "./AccountMenu";
import { CallControls } from "./CallControls";
import { ConnectionStatus } from "./ConnectionStatus";
import { CurrentCall } from "./CurrentCall";
import { PresenceSelect } from "./PresenceSelect";
import { RegistrationStatus } from "./RegistrationStatus";
import { TransferBadge } from "./TransferBadge";
import { WaitingCount } from "./WaitingCount";

/** One line with everything an agent glances at: phone, presence, the call, its controls, what waits. */
export function AppBarView() {
  // The queue part comes with the rest of the app's chunks, once the phone is registered: not in the first view.
  const QueueBar = useChunk(queueBarChunk, false);
  return (
    <AppBar position="static" color="inherit" elevation={0} sx={{ borderBottom: 1, borderColor: "divider" }}>
      <Toolbar sx={{ gap: 1.5, flexWrap: "wrap", py: 0.75 }}>
        <Typography component="h1" sx={{ fontSize: 15, fontWeight: 800, letterSpacing: 0.2 }}>
          Handoff
        </Typography>
        <RegistrationStatus />
        <PresenceSelect />
        <Divider orientation="vertical" flexItem />
        <CurrentCall />
        <CallControls />
        <WaitingCount />
        <TransferBadge />
        <ConnectionStatus />
        {QueueBar !== null && <QueueBar />}
        <Box sx={{ flexGrow: 1 }} />
        <AccountMenu />
      </Toolbar>
    </AppBar>
  );
}
