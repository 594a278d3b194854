package engram.functions.api;

/**
 * What a request's {@code validate} returns: the request with its defaults filled in, and the library settings it
 * built while checking them, so that a function uses the very settings that were validated and builds them once.
 *
 * @param request  the request, checked
 * @param settings the library config laid over the deployment's defaults ({@link Overlay}), validated
 */
public record Valid<R, S>(R request, S settings) {}
