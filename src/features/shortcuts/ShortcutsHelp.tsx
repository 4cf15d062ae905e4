import Dialog from "@mui/material/Dialog";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { useAppStore } from "../../store/react";
import { selectShortcuts } from "../../store/settings/selectors";
import { formatAccelerator } from "./accelerator";
import { SHORTCUT_CATALOG } from "./shortcut-catalog";
import { LAYER_OVERLAY } from "./shortcut-registry";
import { useShortcut } from "./ShortcutsProvider";

/** The help overlay (`?`): every shortcut with the keys it is bound to now. */
export function ShortcutsHelp() {
  const open = useAppStore((state) => state.helpOpen);
  const setHelpOpen = useAppStore((state) => state.setHelpOpen);
  return (
    <Dialog open={open} onClose={() => setHelpOpen(false)} aria-labelledby="shortcuts-title" maxWidth="sm" fullWidth>
      <DialogTitle id="shortcuts-title" sx={{ py: 1.5 }}>
        Keyboard shortcuts
      </DialogTitle>
      {open && <ShortcutsTable onClose={() => setHelpOpen(false)} />}
    </Dialog>
  );
}

function ShortcutsTable({ onClose }: { onClose: () => void }) {
  const shortcuts = useAppStore(selectShortcuts);
  useShortcut("help", onClose, LAYER_OVERLAY);
  useShortcut("closeDialog", onClose, LAYER_OVERLAY);
  return (
    <DialogContent sx={{ pt: 0 }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Plain keys do nothing while you type in a text field; combinations with Ctrl and Escape still work in the transfer dialog. Change them in Settings.
      </Typography>
      <Table aria-label="Shortcuts">
        <TableHead>
          <TableRow>
            <TableCell>Action</TableCell>
            <TableCell>Keys</TableCell>
            <TableCell>Where</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {SHORTCUT_CATALOG.map(({ action, label, where }) => (
            <TableRow key={action} data-action={action}>
              <TableCell>{label}</TableCell>
              <TableCell>
                <kbd>{formatAccelerator(shortcuts[action])}</kbd>
              </TableCell>
              <TableCell>{where}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {/* Fixed keys, not settings: the form's own (TransferForm). */}
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        In the transfer dialog, <kbd>Enter</kbd> sends the transfer, also from the note; <kbd>Shift+Enter</kbd> starts a new line in the note.
      </Typography>
    </DialogContent>
  );
}
