import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, type FormEvent } from "react";
import { CallPhase } from "../../telephony/call-phase";
import { DTMF_KEYS } from "../../telephony/dtmf";
import { useActions, useAppStore } from "../../store/react";
import { selectActiveCall } from "../../store/telephony/selectors";

const LETTERS: Record<string, string> = { "2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ", "0": "+" };

/**
 * The keypad: during a connected call its keys send tones (RFC 4733) to the
 * other side, e.g. for an IVR; the number field always dials a new call (the
 * current one goes on hold).
 */
export function Dialpad() {
  const call = useAppStore(selectActiveCall);
  const registered = useAppStore((state) => state.registration === "registered");
  const { dial, sendDtmf } = useActions();
  const [number, setNumber] = useState("");
  const [sent, setSent] = useState("");
  const tones = call?.phase === CallPhase.Active;

  const press = (key: string) => {
    if (tones) {
      setSent((previous) => (previous + key).slice(-24));
      void sendDtmf(key);
    } else {
      setNumber((previous) => previous + key);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const target = number.trim();
    if (target === "") return;
    void dial(target);
    setNumber("");
  };

  return (
    <Box component="section" aria-labelledby="keypad-heading" sx={{ mt: 2, p: 1.5, border: 1, borderColor: "divider", borderRadius: 1, bgcolor: "background.paper", maxWidth: 300 }}>
      <Typography id="keypad-heading" component="h2" variant="overline" color="text.secondary">
        {tones ? "Keypad tones" : "Dial"}
      </Typography>
      {tones && (
        <Typography aria-live="polite" aria-label="Tones sent" sx={{ fontFamily: "monospace", minHeight: 20, mb: 1 }}>
          {sent}
        </Typography>
      )}
      <Box sx={{ display: "grid", gridTemplateColumns: "repeat(3, 1fr)", gap: 0.75, mb: 1.5 }}>
        {DTMF_KEYS.map((key) => (
          <Button key={key} variant="outlined" onClick={() => press(key)} aria-label={key} sx={{ flexDirection: "column", lineHeight: 1.1, py: 0.5 }}>
            <span>{key}</span>
            <Box component="span" aria-hidden="true" sx={{ fontSize: 9, color: "text.secondary", minHeight: 10 }}>
              {LETTERS[key] ?? ""}
            </Box>
          </Button>
        ))}
      </Box>
      <Stack component="form" direction="row" spacing={1} onSubmit={onSubmit}>
        <TextField
          label="Number to dial"
          value={number}
          onChange={(event) => setNumber(event.target.value.replace(/[^0-9*#+]/g, ""))}
          slotProps={{ htmlInput: { inputMode: "tel", autoComplete: "off" } }}
          sx={{ flex: 1 }}
        />
        <Button type="submit" variant="contained" color="success" disabled={!registered || number.trim() === ""}>
          Call
        </Button>
      </Stack>
    </Box>
  );
}
