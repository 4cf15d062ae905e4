import { sendEarlyResume } from "./early-resume";

/**
 * Evaluated first (main.tsx imports it before anything else, and it imports nothing heavy): the resume
 * leaves while the rest of the entry is still being evaluated.
 */
export const earlyResume = sendEarlyResume(window);
