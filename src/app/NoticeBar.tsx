import Alert from "@mui/material/Alert";
import Snackbar from "@mui/material/Snackbar";
import { useActions, useAppStore } from "../store/react";

/** One line for what went wrong with an action (a hold the PBX refused, a number that did not connect). */
export function NoticeBar() {
  const notice = useAppStore((state) => state.notice);
  const { dismissNotice } = useActions();
  return (
    <Snackbar key={notice?.id} open={notice !== null} autoHideDuration={8000} onClose={dismissNotice} anchorOrigin={{ vertical: "bottom", horizontal: "left" }}>
      <Alert severity={notice?.severity ?? "info"} onClose={dismissNotice} variant="filled" sx={{ minWidth: 320 }}>
        {notice?.text}
      </Alert>
    </Snackbar>
  );
}
