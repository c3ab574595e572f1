// A per-second rolling window of values for the charts: one point per second (a later
// value of the same second replaces the earlier one), points older than `seconds` dropped.

export class rolling_series {
  constructor(seconds, keys) {
    this.seconds = seconds;
    this.keys = keys;
    this.clear();
  }

  clear() {
    this.times = [];
    this.columns = Object.fromEntries(this.keys.map((k) => [k, []]));
  }

  get length() {
    return this.times.length;
  }

  get lastTime() {
    return this.times.length ? this.times[this.times.length - 1] : null;
  }

  // atMs: the server's time of the values; values: { key: number|null }.
  put(atMs, values) {
    const second = Math.floor(atMs / 1000);
    const last = this.lastTime;
    if (last !== null && second < last) return false; // older than what we show
    if (second === last) {
      for (const k of this.keys) this.columns[k][this.times.length - 1] = values[k] ?? null;
    } else {
      this.times.push(second);
      for (const k of this.keys) this.columns[k].push(values[k] ?? null);
    }
    this.#trim(second);
    return true;
  }

  // Replaces everything with points [{ atMs, ...values }] (history), oldest first.
  replace(points) {
    this.clear();
    for (const p of points) if (Number.isFinite(p.atMs)) this.put(p.atMs, p);
  }

  // uPlot's data layout: [times, ...one array per key].
  data() {
    return [this.times, ...this.keys.map((k) => this.columns[k])];
  }

  #trim(newest) {
    let drop = 0;
    while (drop < this.times.length && this.times[drop] <= newest - this.seconds) drop += 1;
    if (drop === 0) return;
    this.times.splice(0, drop);
    for (const k of this.keys) this.columns[k].splice(0, drop);
  }
}
