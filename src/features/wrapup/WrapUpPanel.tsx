import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { DISPOSITION_NOTE_LIMIT, measureText, ShortcutAction, type WrapUp } from "@handoff/contract";
import { selectWrapUp } from "../../store/queues/selectors";
import { useActions, useAppStore, useAppStoreApi } from "../../store/react";
import { selectShortcuts } from "../../store/settings/selectors";
import { formatDuration } from "../appbar/use-elapsed";
import { secondsSince, useNow } from "../queues/use-now";
import { ariaKeyShortcuts, formatAccelerator } from "../shortcuts/accelerator";
import { useShortcut } from "../shortcuts/ShortcutsProvider";


/** A stable empty list: a selector that made a new one each time would re-render forever. */
const NONE: readonly string[] = [];
/** The shortcut of the n-th disposition (1-based), while there is one. */
export const DISPOSITION_SHORTCUTS: readonly ShortcutAction[] = ShortcutAction.options.filter((action) => action.startsWith("disposition"));
/**
 * After a queue call: no queue call rings until a disposition is chosen or the time runs out (the server
 * ends it then). Choosing one sends it with the note typed so far and ends the wrap-up.
 */
export function WrapUpPanel() {
  const wrapUp = useAppStore(selectWrapUp);
  if (wrapUp === null) return null;
  return <WrapUpForm key={wrapUp.callId} wrapUp={wrapUp} />;
}

function WrapUpForm({ wrapUp }: { wrapUp: WrapUp }) {
  const dispositions = useAppStore((state) => state.queueSettings?.dispositions ?? NONE);
  const note = useAppStore((state) => state.wrapUpNote);
  const sending = useAppStore((state) => state.queueRequest === "disposition");
  const busy = useAppStore((state) => state.queueRequest !== null);
  const paused = useAppStore((state) => state.queueState?.pause ?? null);
  const shortcuts = useAppStore(selectShortcuts);
  const { chooseDisposition, setWrapUpNote } = useActions();
  const store = useAppStoreApi();
  const size = measureText(note);
  const tooLong = size.characters > DISPOSITION_NOTE_LIMIT.characters || size.bytes > DISPOSITION_NOTE_LIMIT.bytes;

  const choose = (disposition: string | undefined) => {
    if (disposition === undefined || store.getState().queueRequest !== null || tooLong) return false;
    void chooseDisposition(disposition);
    return true;
  };

  return (
    <Box component="section" aria-label="Wrap-up" sx={{ mb: 2, p: 1.5, border: 2, borderColor: "info.main", borderRadius: 1, bgcolor: "background.paper" }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: "baseline", mb: 1 }}>
        <Typography component="h2" sx={{ fontWeight: 800 }}>
          Wrap-up · {wrapUp.queue}
        </Typography>
        <Countdown wrapUp={wrapUp} />
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        No queue call rings until you choose a disposition{wrapUp.deadline === null ? "" : " or the time runs out"}.
        {paused !== null && ` You stay paused (${paused.reason}) afterwards.`}
      </Typography>
      <TextField
        label="Wrap-up note"
        multiline
        minRows={2}
        fullWidth
        value={note}
        onChange={(event) => setWrapUpNote(event.target.value)}
        error={tooLong}
        helperText={tooLong ? `At most ${DISPOSITION_NOTE_LIMIT.characters} characters.` : `${size.characters} / ${DISPOSITION_NOTE_LIMIT.characters}`}
        sx={{ mb: 1 }}
      />
      <Stack direction="row" spacing={0.75} useFlexGap role="group" aria-label="Dispositions" sx={{ flexWrap: "wrap" }}>
        {dispositions.map((disposition, index) => {
          const keys = shortcuts[DISPOSITION_SHORTCUTS[index] ?? "disposition9"];
          const bound = index < DISPOSITION_SHORTCUTS.length;
          return (
            <Button
              key={disposition}
              variant="outlined"
              disabled={busy || tooLong}
              onClick={() => void chooseDisposition(disposition)}
              title={bound ? `${disposition} (${formatAccelerator(keys)})` : disposition}
              aria-keyshortcuts={bound ? ariaKeyShortcuts(keys) : undefined}
            >
              {bound && (
                <Box component="kbd" aria-hidden="true" sx={{ mr: 0.75, fontSize: 12, opacity: 0.7 }}>
                  {formatAccelerator(keys)}
                </Box>
              )}
              {disposition}
            </Button>
          );
        })}
      </Stack>
      {DISPOSITION_SHORTCUTS.map((action, index) => (
        <DispositionShortcut key={action} action={action} onPress={() => choose(dispositions[index])} />
      ))}
      {sending && (
        <Typography variant="body2" role="status" sx={{ mt: 1 }}>
          Saving…
        </Typography>
      )}
    </Box>
  );
}

function DispositionShortcut({ action, onPress }: { action: ShortcutAction; onPress: () => boolean }) {
  useShortcut(action, onPress);
  return null;
}

function Countdown({ wrapUp }: { wrapUp: WrapUp }) {
  const now = useNow();
  if (wrapUp.deadline === null) {
    const elapsed = secondsSince(wrapUp.since, now) ?? 0;
    return (
      <Typography component="span" role="timer" aria-label="Wrap-up time" sx={{ fontVariantNumeric: "tabular-nums" }}>
        {formatDuration(elapsed)} · no time limit
      </Typography>
    );
  }
  const left = Math.max(0, Math.ceil((Date.parse(wrapUp.deadline) - now) / 1000));
  return (
    <Typography component="span" role="timer" aria-label="Wrap-up time left" sx={{ fontVariantNumeric: "tabular-nums", fontWeight: 700, color: left <= 5 ? "error.main" : "text.primary" }}>
      {left > 0 ? `${formatDuration(left)} left` : "ending…"}
    </Typography>
  );
}
