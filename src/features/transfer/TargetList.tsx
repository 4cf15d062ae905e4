import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { Presence } from "@handoff/contract";
import { forwardRef, useImperativeHandle, useRef, type KeyboardEvent } from "react";
import type { TargetOption } from "./target-options";

export interface TargetListHandle {
  /** Moves focus into the list: to the selected option, else the first one. False when the list is empty. */
  focus(): boolean;
}

interface TargetListProps {
  label: string;
  options: readonly TargetOption[];
  selectedKey: string | null;
  disabled: boolean;
  onSelect(option: TargetOption): void;
  onSubmit(): void;
  /** ArrowUp on the first option goes back to the search field. */
  onLeaveTop(): void;
}

const PRESENCE_COLOR: Record<Presence, string> = {
  available: "success.main",
  ringing: "warning.main",
  busy: "warning.dark",
  away: "grey.500",
  offline: "grey.400",
};

/**
 * A listbox with a roving tab stop: arrows move between options, Enter or
 * Space picks one, Enter on the picked one submits. Unselectable options are
 * still focusable, so the agent can read why they are not available.
 */
export const TargetList = forwardRef<TargetListHandle, TargetListProps>(function TargetList({ label, options, selectedKey, disabled, onSelect, onSubmit, onLeaveTop }, ref) {
  const listRef = useRef<HTMLUListElement>(null);
  const selectedIndex = options.findIndex((option) => option.key === selectedKey);
  const tabStop = selectedIndex >= 0 ? selectedIndex : 0;

  const focusAt = (index: number) => {
    const items = listRef.current?.querySelectorAll<HTMLElement>('[role="option"]');
    const item = items?.[Math.max(0, Math.min(index, items.length - 1))];
    item?.focus();
    return item !== undefined;
  };

  useImperativeHandle(ref, () => ({ focus: () => focusAt(tabStop) }), [tabStop]);

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number, option: TargetOption) => {
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case "ArrowDown":
        handled();
        focusAt(index + 1);
        return;
      case "ArrowUp":
        handled();
        if (index === 0) onLeaveTop();
        else focusAt(index - 1);
        return;
      case "Home":
        handled();
        focusAt(0);
        return;
      case "End":
        handled();
        focusAt(options.length - 1);
        return;
      case "Enter":
      case " ":
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        handled();
        if (disabled || !option.selectable) return;
        if (event.key === "Enter" && option.key === selectedKey) onSubmit();
        else onSelect(option);
        return;
      default:
        return;
    }
  };

  if (options.length === 0) return null;
  return (
    <Box
      component="ul"
      ref={listRef}
      role="listbox"
      aria-label={label}
      sx={{ listStyle: "none", m: 0, p: 0.5, maxHeight: 248, overflowY: "auto", border: 1, borderColor: "divider", borderRadius: 1 }}
    >
      {options.map((option, index) => {
        const selected = option.key === selectedKey;
        return (
          <Box
            component="li"
            key={option.key}
            role="option"
            aria-selected={selected}
            aria-label={[option.primary, option.secondary, option.presence].filter(Boolean).join(", ")}
            aria-disabled={!option.selectable || disabled}
            title={option.unavailableReason ?? undefined}
            tabIndex={index === tabStop ? 0 : -1}
            onClick={() => !disabled && option.selectable && onSelect(option)}
            onKeyDown={(event: KeyboardEvent<HTMLLIElement>) => onKeyDown(event, index, option)}
            sx={{
              display: "grid",
              gridTemplateColumns: "10px 1fr auto auto",
              alignItems: "center",
              gap: 1,
              px: 1,
              py: 0.5,
              borderRadius: 1,
              cursor: option.selectable ? "pointer" : "not-allowed",
              color: option.selectable ? "text.primary" : "text.disabled",
              bgcolor: selected ? "action.selected" : "transparent",
              outline: selected ? "1px solid" : "none",
              outlineColor: "primary.main",
              "&:hover": { bgcolor: option.selectable ? "action.hover" : undefined },
              "&:focus-visible": { outline: "2px solid", outlineColor: "primary.main", outlineOffset: 0 },
            }}
          >
            <Box aria-hidden="true" sx={{ width: 8, height: 8, borderRadius: "50%", bgcolor: option.presence === null ? "transparent" : PRESENCE_COLOR[option.presence] }} />
            <Typography variant="body2" noWrap sx={{ fontWeight: selected ? 700 : 500 }}>
              {option.primary}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: "tabular-nums" }}>
              {option.secondary}
            </Typography>
            <Typography variant="caption" sx={{ minWidth: 56, textAlign: "right", color: option.presence === "available" ? "success.dark" : "text.secondary" }}>
              {option.presence ?? ""}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
});
