/**
 * Betfair Betting API (JSON-RPC): {@link dev.ladder.betfair.api.BettingApiClient} calls listEvents and
 * listMarketCatalogue; {@link dev.ladder.betfair.api.BettingApiJson} reads their answers (JSON-RPC
 * responses, bare result arrays or single catalogue objects) into records.
 */
package dev.ladder.betfair.api;
