/**
 * What one request asked of Keto: rounds of checks (each a batch of tuples
 * sent together, however many calls it takes), tuples checked, checks that
 * Keto's listing of the viewer's own tuples answered instead, and listings of
 * the viewer's tuples (which run beside the first round of checks). The request
 * log carries it, so operators and tests see what a query costs in Keto without
 * counting calls by hand.
 */
export interface KetoMeter {
  checkRounds: number;
  tuplesChecked: number;
  /** Checks answered by a listing the request made anyway, with no tuple sent to Keto. */
  listedAnswers: number;
  listings: number;
  /**
   * Sequential steps of that listing: 1 when the API's mirror knew every group
   * the viewer is in, one more per level of memberships only Keto knew.
   */
  listingSteps: number;
  /**
   * Listings and expands an explained request (X-Authz-Explain) sent after its data was
   * complete: kept apart, since they are the explanation's cost, not the query's. The
   * explanation's visibility checks go through the request's permission loader and are
   * counted among the checks above.
   */
  explainCalls: number;
}

/** A meter of a request that asked Keto nothing. */
export const emptyKetoMeter = (): KetoMeter => ({
  checkRounds: 0,
  tuplesChecked: 0,
  listedAnswers: 0,
  listings: 0,
  listingSteps: 0,
  explainCalls: 0,
});

const meters = new WeakMap<Request, KetoMeter>();

/** The request's meter, made on first use. */
export function ketoMeterFor(request: Request): KetoMeter {
  let meter = meters.get(request);
  if (!meter) {
    meter = emptyKetoMeter();
    meters.set(request, meter);
  }
  return meter;
}

/** The meter, if the request asked Keto anything. */
export function ketoMeterOf(request: Request): KetoMeter | undefined {
  return meters.get(request);
}
