import type { Settings, SignInRequest } from "@handoff/contract";

// The API's sample answers are the client's; what only the desktop has (sign-in form, settings) is here.
export {
  auditEntry,
  BOB_ID,
  boardAgent,
  callContext,
  callRecord,
  conference,
  CONFERENCE_ID,
  directoryEntry,
  loginResponse,
  MONITORING_ID,
  monitoringSession,
  queueFigures,
  queueSettings,
  queueState,
  RENEWED_TOKEN,
  TOKEN,
  transfer,
  TRANSFER_ID,
} from "@handoff/client/test-support";

export function signInRequest(overrides: Partial<SignInRequest> = {}): SignInRequest {
  return { serverUrl: "http://127.0.0.1:8080", username: "alice", password: "correct horse", remember: false, ...overrides };
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    shortcuts: {
      answer: "CommandOrControl+Alt+A",
      hangup: "CommandOrControl+Alt+E",
      transfer: "CommandOrControl+Alt+X",
      hold: "CommandOrControl+Shift+H",
      mute: "CommandOrControl+Shift+M",
      blind: "Alt+B",
      attended: "Alt+T",
      complete: "Alt+C",
      cancel: "Alt+Z",
      focusSearch: "CommandOrControl+K",
      closeDialog: "Escape",
      help: "F1",
      pauseToggle: "Alt+P",
      queuesToggle: "Alt+Q",
      monitorListen: "Alt+Shift+L",
      monitorWhisper: "Alt+Shift+W",
      monitorBarge: "Alt+Shift+G",
      monitorStop: "Alt+Shift+X",
      conferenceMerge: "Alt+Shift+M",
      conferenceLeave: "Alt+Shift+O",
      conferenceEnd: "Alt+Shift+E",
      disposition1: "Alt+1",
      disposition2: "Alt+2",
      disposition3: "Alt+3",
      disposition4: "Alt+4",
      disposition5: "Alt+5",
      disposition6: "Alt+6",
      disposition7: "Alt+7",
      disposition8: "Alt+8",
      disposition9: "Alt+9",
    },
    microphoneId: null,
    speakerId: null,
    ringtone: "soft",
    ...overrides,
  };
}
