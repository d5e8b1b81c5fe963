/**
 * Betfair Betting API (JSON-RPC) answers as records: {@code listMarketCatalogue} and {@code listEvents},
 * read by {@link dev.ladder.betfair.api.BettingApiJson} from JSON-RPC responses, bare result arrays or
 * single catalogue objects.
 */
package dev.ladder.betfair.api;
