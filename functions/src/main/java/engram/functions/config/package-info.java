/**
 * Where and within which limits this deployment runs ({@link engram.functions.config.EngramConfig}, keys
 * {@code engram.*}). A bottom layer, like {@code engram.functions.errors}: it depends on no other engram package.
 * What to compute never comes from here; it comes in requests.
 */
package engram.functions.config;
