// 自动保存: the timing both writing pages share, the draft editor (inspection/editor/saving.js) and
// the live record (meetings/record_live.js). The page says what a save sends and whether there is
// anything to send; this says when: a moment after the last keystroke, at least every so often
// while the writer keeps typing, again later after a failure, and one save at a time (a save asked
// for while one is under way is made right after it, so nothing typed meanwhile is lost).
//
//   const saver = new Autosave({ send, pending, debounceMs: 3000, maxWaitMs: 10000 });
//   saver.schedule();        on every change
//   await saver.save();      now (a button, leaving the page); true when nothing is left unsaved
//   await saver.flush();     until nothing is left, or a save fails
//
// send(options) makes one request and answers true (saved) or false (not saved; it has said why on
// the page, and calls retryIn() if trying again later may help). pending() answers whether there is
// something to save that may be sent now.

export class Autosave {
  constructor({ send, pending, debounceMs, maxWaitMs = 0 }) {
    this.send = send;
    this.pending = pending;
    this.debounceMs = debounceMs;
    this.maxWaitMs = maxWaitMs;
    this.inFlight = null; // the promise of the save under way
    this.timers = { debounce: null, maxWait: null, retry: null };
  }

  get saving() {
    return this.inFlight !== null;
  }

  /* A change: save debounceMs after the last one, and no later than maxWaitMs after the first. */
  schedule() {
    clearTimeout(this.timers.debounce);
    this.timers.debounce = setTimeout(() => this.save(), this.debounceMs);
    if (this.maxWaitMs && !this.timers.maxWait) {
      this.timers.maxWait = setTimeout(() => this.save(), this.maxWaitMs);
    }
  }

  retryIn(ms) {
    clearTimeout(this.timers.retry);
    this.timers.retry = setTimeout(() => this.save(), ms);
  }

  cancel() {
    clearTimeout(this.timers.debounce);
    clearTimeout(this.timers.maxWait);
    clearTimeout(this.timers.retry);
    this.timers = { debounce: null, maxWait: null, retry: null };
  }

  async save(options) {
    this.cancel();
    while (this.inFlight) await this.inFlight;
    if (!this.pending()) return true;
    this.inFlight = Promise.resolve(this.send(options));
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  async flush() {
    for (;;) {
      if (this.inFlight) await this.inFlight;
      if (!this.pending()) return true;
      if (!(await this.save())) return false;
    }
  }
}
