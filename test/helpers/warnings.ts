/** Process warnings (e.g. MaxListenersExceededWarning) emitted while a test step runs. */

/** Runs `fn` and returns the process warnings emitted meanwhile (and in the next few ticks). */
export async function warningsDuring(fn: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}
