/**
 * Scavenges (young-generation collections) move to the moments the webhook is idle.
 *
 * The API server sends a ReplicaSet's Pods at once, one review per pooled connection, and the
 * webhook answers them one after another. V8 scavenges when the young generation is full, which
 * under bursts is in the middle of one: every review still queued waits the ~0.4 ms pause. At
 * 10,000 presets and hey's bursts of 25 reviews every 50 ms, one burst in three had one, and the
 * reviews behind it made the p99 (docs/performance.md, "Where the tail comes from").
 *
 * So when no request has arrived for IDLE_MS and the next burst, as large as the last, would not
 * fit in the young generation's free space, the webhook scavenges then instead, as Chrome does in
 * its idle time. The scavenge itself costs more there (its caches are cold after the pause), but
 * no review waits for it. It needs `gc`, which node has with --expose-gc
 * (the image's ENTRYPOINT passes it); without it the listener is returned unchanged.
 */
import type { RequestListener } from 'node:http';
import { getHeapSpaceStatistics } from 'node:v8';

/**
 * 10 ms without a request ends a burst. Within one the reviews arrive microseconds apart, and at
 * an even 500 reviews/s (2 ms apart) the timer rarely fires: steady load scavenges as before.
 */
export const IDLE_MS = 10;

/** The next burst may be a quarter larger than the last and still find room. */
export const HEADROOM = 1.25;

/** The young generation's bytes in use and still free. */
export interface YoungGeneration {
  readonly used: number;
  readonly available: number;
}

/** youngGeneration reads V8's new space (one call, ~3 µs, made only when the server is idle). */
export function youngGeneration(): YoungGeneration {
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space') {
      return { used: space.space_used_size, available: space.space_available_size };
    }
  }
  return { used: 0, available: Infinity };
}

/**
 * IdleScavenger decides at each idle moment. The burst just served is what the young generation
 * grew by since the previous idle moment. When V8 scavenged during it, that growth is too small
 * or negative, and the space it emptied leaves room: no scavenge then.
 */
export class IdleScavenger {
  private usedAfterLastIdle = 0;

  constructor(
    private readonly scavenge: () => void,
    private readonly read: () => YoungGeneration = youngGeneration,
  ) {}

  /** idle is called once the server has had no request for IDLE_MS; it reports whether it scavenged. */
  idle(): boolean {
    const now = this.read();
    const burst = now.used - this.usedAfterLastIdle;
    if (now.available >= HEADROOM * burst) {
      this.usedAfterLastIdle = now.used;
      return false;
    }
    this.scavenge();
    this.usedAfterLastIdle = this.read().used;
    return true;
  }
}

/** idleScavenger scavenges with node's `gc` (node --expose-gc); without it there is none. */
export function idleScavenger(
  gc = globalThis.gc,
  read: () => YoungGeneration = youngGeneration,
): IdleScavenger | undefined {
  return gc ? new IdleScavenger(() => gc({ type: 'minor' }), read) : undefined;
}

/**
 * scavengeWhenIdle wraps `listener`: each request restarts one unreferenced timer, and when it
 * fires the scavenger decides. Without a scavenger it returns `listener` itself.
 */
export function scavengeWhenIdle(
  listener: RequestListener,
  scavenger: IdleScavenger | undefined,
): RequestListener {
  if (!scavenger) return listener;
  // refresh() re-arms the same timer, so a request allocates nothing here; unref() lets the process exit.
  const timer = setTimeout(() => scavenger.idle(), IDLE_MS).unref();
  return (req, res) => {
    timer.refresh();
    listener(req, res);
  };
}
