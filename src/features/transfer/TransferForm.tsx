import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormLabel from "@mui/material/FormLabel";
import LinearProgress from "@mui/material/LinearProgress";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { NOTE_LIMIT, type TransferMode } from "@handoff/contract";
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { selectMergeableCallId } from "../../store/conference/selectors";
import { selectColleagues } from "../../store/directory/selectors";
import { useActions, useAppStore } from "../../store/react";
import { selectAcceptedVerb, selectAgentLeft, selectFollowedTransfer, selectTransferControls } from "../../store/transfers/selectors";
import { canCancel, canComplete, isLiveTransfer } from "../../store/transfers/status";
import { formatAccelerator } from "../shortcuts/accelerator";
import { LAYER_DIALOG } from "../shortcuts/shortcut-registry";
import { useShortcut } from "../shortcuts/ShortcutsProvider";
import { useMergeShortcut } from "../conference/use-merge-shortcut";
import { ConsultPanel } from "./ConsultPanel";
import { checkNote, withoutControlCharacters } from "./note-limit";
import { KNOWN_QUEUES } from "./queues";
import { KIND_HINTS, targetOptions, type TargetKind, type TargetOption } from "./target-options";
import { TargetList, type TargetListHandle } from "./TargetList";
import { TransferProgress } from "./TransferProgress";

export const SEARCH_LABEL = "Search agents or type a number";

const LIST_LABELS: Record<TargetKind, string> = { agent: "Agents", queue: "Queues", external: "Number", remote: "Extensions on other PBXs" };

/**
 * Pick a target (list or typed number), blind or attended, an optional note;
 * then follow the transfer live. Keyboard path: T, type, ↓/Enter to pick,
 * B or Shift+A (focus moves to the note), type the note (Shift+Enter for a
 * new line), Enter.
 */
export function TransferForm({ onClose }: { onClose(): void }) {
  const colleagues = useAppStore(useShallow(selectColleagues));
  const followed = useAppStore(selectFollowedTransfer);
  const sending = useAppStore((state) => state.transferRequest === "sending");
  const serverError = useAppStore((state) => state.transferError);
  const directoryLoaded = useAppStore((state) => state.directoryLoaded);
  const trunks = useAppStore((state) => state.trunks);
  const keys = useAppStore((state) => state.settings.shortcuts);
  const controls = useAppStore(useShallow(selectTransferControls));
  const accepted = useAppStore(selectAcceptedVerb);
  const left = useAppStore(selectAgentLeft);
  const mergeable = useAppStore((state) => selectMergeableCallId(state) !== null);
  const { startTransfer, completeTransfer, cancelTransfer, loadDirectory, mergeConference } = useActions();

  const [kind, setKind] = useState<TargetKind>("agent");
  const [mode, setMode] = useState<TransferMode>("blind");
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<TargetOption | null>(null);
  const [note, setNote] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  /** Set when Enter in the search picked a row: focus follows once the list shows it selected. */
  const [focusListSoon, setFocusListSoon] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<TargetListHandle>(null);

  useEffect(() => {
    if (!directoryLoaded) void loadDirectory();
  }, [directoryLoaded, loadDirectory]);

  useEffect(() => {
    if (!focusListSoon) return;
    setFocusListSoon(false);
    listRef.current?.focus();
  }, [focusListSoon]);

  const options = useMemo(() => targetOptions(kind, query, colleagues, KNOWN_QUEUES, trunks), [kind, query, colleagues, trunks]);
  // The picked row follows live presence, so its mark (and any reason it cannot be picked) stays current.
  const selected = picked === null ? null : (options.find((option) => option.key === picked.key) ?? picked);
  const live = followed !== undefined && isLiveTransfer(followed.status);
  const locked = live || sending;
  const noteCheck = useMemo(() => checkNote(note, NOTE_LIMIT), [note]);

  const pick = (option: TargetOption) => {
    setPicked(option);
    setLocalError(null);
  };

  const submit = () => {
    if (locked) return;
    if (selected === null) {
      setLocalError(`Pick who gets the call first. ${KIND_HINTS[kind]}`);
      return;
    }
    if (!selected.selectable) {
      setLocalError(selected.unavailableReason ?? `${selected.primary} cannot take the call now.`);
      return;
    }
    if (noteCheck.problem !== null) {
      // The note's helper text says why; focus takes the agent (and a screen reader) there.
      setLocalError(null);
      noteRef.current?.focus();
      return;
    }
    setLocalError(null);
    void startTransfer({ target: selected.target, mode, note });
  };

  const chooseMode = (next: TransferMode) => {
    if (locked) return false;
    setMode(next);
    noteRef.current?.focus();
    return true;
  };

  useShortcut("blind", () => chooseMode("blind"), LAYER_DIALOG);
  useMergeShortcut(LAYER_DIALOG);
  useShortcut("attended", () => chooseMode("attended"), LAYER_DIALOG);
  // The key is taken whenever the verb applies to the transfer; the action itself sends at most one request.
  useShortcut(
    "complete",
    () => {
      if (followed?.mode !== "attended" || !canComplete(followed.status)) return false;
      void completeTransfer();
      return true;
    },
    LAYER_DIALOG,
  );
  useShortcut(
    "cancel",
    () => {
      if (followed?.mode !== "attended" || !canCancel(followed.status)) return false;
      void cancelTransfer();
      return true;
    },
    LAYER_DIALOG,
  );
  useShortcut(
    "focusSearch",
    () => {
      searchRef.current?.focus();
      searchRef.current?.select();
      return true;
    },
    LAYER_DIALOG,
  );
  useShortcut("closeDialog", onClose, LAYER_DIALOG);

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      listRef.current?.focus();
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.altKey && !event.nativeEvent.isComposing) {
      // Enter in the search picks the best match (and moves there); a second Enter submits.
      event.preventDefault();
      event.stopPropagation();
      const first = options.find((option) => option.selectable);
      if (selected !== null && (first === undefined || options.some((option) => option.key === selected.key))) submit();
      else if (first !== undefined) {
        pick(first);
        setFocusListSoon(true);
      } else if (options[0] !== undefined) {
        setLocalError(options[0].unavailableReason ?? `${options[0].primary} cannot take the call now.`);
        listRef.current?.focus();
      } else setLocalError(`Nothing matches "${query}". ${KIND_HINTS[kind]}`);
    }
  };

  // Enter anywhere in the form submits, except on buttons (they act on their own); Shift+Enter is a new
  // line in the note, and Enter that ends an input method's composition (CJK) only ends the composition.
  const onFormKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== "Enter" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    if (event.nativeEvent.isComposing) return;
    if (event.target instanceof HTMLButtonElement) return;
    event.preventDefault();
    submit();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };

  return (
    <Box component="form" noValidate onSubmit={onSubmit} onKeyDown={onFormKeyDown} sx={{ display: "contents" }}>
      <DialogContent sx={{ pt: 1.5 }}>
        <Stack direction="row" spacing={3} sx={{ mb: 1 }}>
          <FormControl disabled={locked}>
            <FormLabel id="transfer-kind" sx={{ fontSize: 12 }}>
              Target
            </FormLabel>
            <RadioGroup
              row
              aria-labelledby="transfer-kind"
              value={kind}
              onChange={(event) => {
                setKind(event.target.value as TargetKind);
                setPicked(null);
                setLocalError(null);
              }}
            >
              <FormControlLabel value="agent" control={<Radio size="small" />} label="Agent" />
              <FormControlLabel value="queue" control={<Radio size="small" />} label="Queue" />
              <FormControlLabel value="external" control={<Radio size="small" />} label="External" />
              {trunks.length > 0 && <FormControlLabel value="remote" control={<Radio size="small" />} label="Other PBX" />}
            </RadioGroup>
          </FormControl>
          <FormControl disabled={locked}>
            <FormLabel id="transfer-mode" sx={{ fontSize: 12 }}>
              Mode
            </FormLabel>
            <RadioGroup row aria-labelledby="transfer-mode" value={mode} onChange={(event) => setMode(event.target.value as TransferMode)}>
              <FormControlLabel value="blind" control={<Radio size="small" />} label="Blind" title={`Hand over at once (${formatAccelerator(keys.blind)})`} />
              <FormControlLabel value="attended" control={<Radio size="small" />} label="Attended" title={`Talk to the target first (${formatAccelerator(keys.attended)})`} />
            </RadioGroup>
          </FormControl>
        </Stack>

        <TextField
          inputRef={searchRef}
          autoFocus
          fullWidth
          type="search"
          label={SEARCH_LABEL}
          value={query}
          disabled={locked}
          onChange={(event) => {
            setQuery(event.target.value);
            setLocalError(null);
          }}
          onKeyDown={onSearchKeyDown}
          helperText={KIND_HINTS[kind]}
          slotProps={{ htmlInput: { autoComplete: "off", spellCheck: false } }}
          sx={{ mb: 1 }}
        />

        <TargetList
          ref={listRef}
          label={LIST_LABELS[kind]}
          options={options}
          selectedKey={selected?.key ?? null}
          disabled={locked}
          onSelect={pick}
          onSubmit={submit}
          onLeaveTop={() => searchRef.current?.focus()}
        />
        {kind === "agent" && options.length === 0 && (
          <Box role="note" sx={{ color: "text.secondary", fontSize: 13, py: 1 }}>
            {directoryLoaded ? `No agent matches "${query}".` : "Loading the directory…"}
          </Box>
        )}

        <TextField
          id="transfer-note"
          inputRef={noteRef}
          fullWidth
          multiline
          minRows={2}
          maxRows={6}
          label="Note"
          placeholder="What the next person should know (optional). Shift+Enter for a new line."
          value={note}
          disabled={locked}
          error={noteCheck.problem !== null}
          onChange={(event) => setNote(withoutControlCharacters(event.target.value))}
          // The helper text (counter, then any problem) describes the field: MUI links it with aria-describedby.
          helperText={
            <>
              {noteCheck.characters} / {NOTE_LIMIT.characters}
              {/* Always there, so a screen reader hears the problem when it appears, not every keystroke's count. */}
              <span aria-live="polite">{noteCheck.problem === null ? "" : ` · ${noteCheck.problem}`}</span>
            </>
          }
          sx={{ mt: 1.5 }}
        />

        {selected !== null && !live && (
          <Box sx={{ mt: 1, fontSize: 13, color: "text.secondary" }}>
            {mode === "blind" ? "Blind" : "Attended"} transfer to <strong>{selected.primary}</strong>
          </Box>
        )}
        {(localError ?? serverError) !== null && (
          <Alert severity="error" sx={{ mt: 1.5 }}>
            {localError ?? serverError}
          </Alert>
        )}
        {sending && <LinearProgress sx={{ mt: 1.5 }} aria-label="Sending" />}
        {followed !== undefined && <TransferProgress transfer={followed} handedOver={left} />}
        {/* On the way back there is nothing to consult: the progress line says where the caller goes. */}
        {followed?.mode === "attended" && live && followed.status !== "recalling" && (
          <ConsultPanel
            transfer={followed}
            controls={controls}
            accepted={accepted}
            left={left}
            completeKeys={keys.complete}
            cancelKeys={keys.cancel}
            mergeKeys={keys.conferenceMerge}
            canMerge={mergeable}
            onMerge={() => void mergeConference()}
            onComplete={() => void completeTransfer()}
            onCancel={() => void cancelTransfer()}
          />
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose}>Close</Button>
        {!live && (
          <Button type="submit" variant="contained" disabled={sending}>
            Transfer
          </Button>
        )}
      </DialogActions>
    </Box>
  );
}
