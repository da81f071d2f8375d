/** Exit codes of the `glossa` CLI. @internal */
export const EXIT = {
  /** Everything asked for succeeded. */
  OK: 0,
  /** Some inputs failed; the others were processed. */
  FAILED: 1,
  /** The command line was wrong. */
  USAGE: 2,
} as const;

/**
 * Lets a command's action report its exit code to {@link runCli}: call it with
 * the command instance (`this` in a commander action) at the end of the action.
 * @internal
 */
export function setExitCode(command: object, code: number): void {
  (command as { exitCodeResult?: number }).exitCodeResult = code;
}
