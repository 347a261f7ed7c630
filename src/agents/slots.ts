/** At most `max` at a time; the rest wait their turn, in order, or until their signal aborts. */
export class Slots {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.take(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private take(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.busy < this.max) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal.removeEventListener('abort', quit);
        this.busy++;
        resolve();
      };
      const quit = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', quit, { once: true });
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.busy--;
    this.waiting.shift()?.();
  }
}
