/** The CLI's exit codes, the contract with CI pipelines. */
export enum ExitCode {
  /** Nothing at warning or above (or no more warnings than `--max-warnings` allows). */
  Clean = 0,
  /** At least one finding at warning or above. */
  Findings = 1,
  /** Bad arguments, a path that does not exist, or an internal failure. */
  Error = 2,
}
