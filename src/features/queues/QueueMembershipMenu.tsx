import Button from "@mui/material/Button";
import Checkbox from "@mui/material/Checkbox";
import Divider from "@mui/material/Divider";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import { useState } from "react";
import { selectAllSignedIn, selectFiguresOf, selectMemberships, selectSignedInCount } from "../../store/queues/selectors";
import { useActions, useAppStore } from "../../store/react";
import { selectShortcuts } from "../../store/settings/selectors";
import { ariaKeyShortcuts, formatAccelerator } from "../shortcuts/accelerator";

/** Signed in to n of m queues; the menu signs in or out of all at once, or one queue at a time. */
export function QueueMembershipMenu() {
  const queues = useAppStore(selectMemberships);
  const signedIn = useAppStore(selectSignedInCount);
  const allSignedIn = useAppStore(selectAllSignedIn);
  const busy = useAppStore((state) => state.queueRequest === "join" || state.queueRequest === "leave");
  const anyRequest = useAppStore((state) => state.queueRequest !== null);
  const keys = useAppStore(selectShortcuts).queuesToggle;
  const { joinQueues, leaveQueues } = useActions();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (queues.length === 0) return null;
  const close = () => setAnchor(null);
  return (
    <>
      <Button
        variant={signedIn > 0 ? "contained" : "outlined"}
        color={signedIn > 0 ? "success" : "inherit"}
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        aria-label={`Queue sign-in: ${signedIn} of ${queues.length}`}
        title={`Sign in to or out of your queues (${formatAccelerator(keys)}: ${allSignedIn ? "sign out of all" : "sign in to all"})`}
        aria-keyshortcuts={ariaKeyShortcuts(keys)}
        disabled={busy}
      >
        {busy ? "Queues…" : `Queues ${signedIn}/${queues.length}`}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={close}>
        <MenuItem
          disabled={anyRequest}
          onClick={() => {
            close();
            void (allSignedIn ? leaveQueues() : joinQueues());
          }}
        >
          {allSignedIn ? "Sign out of all queues" : "Sign in to all queues"}
        </MenuItem>
        <Divider />
        {queues.map((membership) => (
          <MenuItem
            key={membership.queue}
            disabled={anyRequest}
            role="menuitemcheckbox"
            aria-checked={membership.signedIn}
            onClick={() => void (membership.signedIn ? leaveQueues([membership.queue]) : joinQueues([membership.queue]))}
          >
            <ListItemIcon>
              <Checkbox edge="start" size="small" checked={membership.signedIn} tabIndex={-1} disableRipple slotProps={{ input: { "aria-hidden": true } }} />
            </ListItemIcon>
            <ListItemText primary={membership.queue} secondary={<Waiting queue={membership.queue} />} />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

function Waiting({ queue }: { queue: string }) {
  const figures = useAppStore(selectFiguresOf(queue));
  return figures === undefined ? null : `${figures.waiting} waiting`;
}
