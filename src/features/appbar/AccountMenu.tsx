import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useActions, useAppStore } from "../../store/react";
import { selectAgentName } from "../../store/session/selectors";

export function AccountMenu() {
  const name = useAppStore(selectAgentName);
  const extension = useAppStore((state) => state.agent?.extension ?? null);
  const { setHelpOpen, signOut } = useActions();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
      <Typography variant="body2" color="text.secondary" noWrap>
        {name}
        {extension !== null && ` · ${extension}`}
      </Typography>
      <Button onClick={() => setHelpOpen(true)} aria-haspopup="dialog">
        Shortcuts
      </Button>
      <Button onClick={() => void signOut()}>Sign out</Button>
    </Stack>
  );
}
