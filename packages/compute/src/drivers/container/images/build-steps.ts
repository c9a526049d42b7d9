// An image build as named steps, so a caller can show progress (the CLI draws a bar; tests ignore it).

/** One step of a build. `run` may report its own progress as a fraction (0..1) with a short note. */
export interface BuildStep {
  title: string;
  /** Relative weight of the step in the whole build (default 1). */
  weight?: number;
  run(progress: (fraction: number, note?: string) => void): Promise<void>;
}

/** Runs the steps in order, calling `onProgress` with the overall fraction done and the current step's title. */
export async function runSteps(
  steps: BuildStep[],
  onProgress: (fraction: number, title: string, note?: string) => void = () => undefined,
): Promise<void> {
  const total = steps.reduce((sum, s) => sum + (s.weight ?? 1), 0);
  let done = 0;
  for (const step of steps) {
    const weight = step.weight ?? 1;
    onProgress(done / total, step.title);
    await step.run((fraction, note) => onProgress((done + weight * Math.min(1, fraction)) / total, step.title, note));
    done += weight;
    onProgress(done / total, step.title);
  }
}
