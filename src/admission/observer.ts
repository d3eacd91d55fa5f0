/**
 * Side effects of an admission decision (conflict Events in cluster mode). The server calls
 * observers after answering, and never for a dryRun request (docs/SPEC.md §3: no side effects).
 */
import type { MutationDecision } from './mutate-pod.js';
import type { AdmissionRequest } from './review.js';

export interface AdmissionObserver {
  /**
   * observe must not throw or block: it runs on the server's event loop once the answers have
   * stopped coming for a moment (src/server/after-answers.ts).
   */
  observe(request: AdmissionRequest, decision: MutationDecision): void;
}
