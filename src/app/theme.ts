import { createTheme } from "@mui/material/styles";

const focusRing = { outline: "2px solid #0b57d0", outlineOffset: 2 };

/**
 * Dense, calm and legible for a whole shift: small controls, system fonts (no
 * web font is fetched), and a focus ring on everything the keyboard reaches.
 */
export const theme = createTheme({
  palette: {
    primary: { main: "#0b57d0" },
    secondary: { main: "#5f6368" },
    background: { default: "#f4f6f8" },
  },
  shape: { borderRadius: 6 },
  typography: {
    fontSize: 13,
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    button: { textTransform: "none", fontWeight: 600 },
  },
  components: {
    MuiButtonBase: { styleOverrides: { root: { "&.Mui-focusVisible": focusRing } } },
    MuiButton: { defaultProps: { size: "small", disableElevation: true } },
    MuiIconButton: { defaultProps: { size: "small" } },
    MuiTextField: { defaultProps: { size: "small" } },
    MuiSelect: { defaultProps: { size: "small" } },
    MuiList: { defaultProps: { dense: true } },
    MuiTable: { defaultProps: { size: "small" } },
    MuiToolbar: { defaultProps: { variant: "dense" } },
    MuiTooltip: { defaultProps: { arrow: true } },
    MuiCssBaseline: {
      styleOverrides: {
        // Native controls and our own focusable rows (list options) get the same ring.
        "*:focus-visible": focusRing,
        kbd: { fontFamily: "ui-monospace, monospace", fontSize: 12, padding: "1px 5px", border: "1px solid #c4c7c5", borderRadius: 4, background: "#fff" },
      },
    },
  },
});
