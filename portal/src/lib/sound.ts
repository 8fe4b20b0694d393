// The alert is synthesized with WebAudio so no audio asset has to be shipped or cached.
let ctx: AudioContext | undefined;

/** A short two-note chime. Browsers allow audio only after a user gesture; before that it is silent. */
export function playChime(): void {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
    const t = ctx.currentTime;
    note(ctx, 880, t, 0.18);
    note(ctx, 1320, t + 0.16, 0.26);
  } catch {
    // No audio device (CI, locked-down browsers): an alert that cannot sound is not an error.
  }
}

function note(ac: AudioContext, freq: number, start: number, length: number): void {
  const osc = ac.createOscillator();
  const gain = ac.createGain();
  osc.type = 'sine';
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  osc.connect(gain).connect(ac.destination);
  osc.start(start);
  osc.stop(start + length + 0.05);
}
