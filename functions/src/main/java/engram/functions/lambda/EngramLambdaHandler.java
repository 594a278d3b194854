package engram.functions.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import engram.functions.errors.EngramException;
import io.quarkus.funqy.lambda.FunqyStreamHandler;
import io.quarkus.funqy.runtime.ApplicationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Lambda entry point (handler {@code engram.functions.lambda.EngramLambdaHandler::handleRequest}, managed
 * Java runtime): Funqy's stream handler with one change. Funqy wraps whatever a function throws in
 * {@link ApplicationException}, so Lambda would report {@code io.quarkus.funqy.runtime.ApplicationException} as
 * the {@code errorType} of every failure and no state machine could tell them apart. This handler rethrows the
 * {@link EngramException} inside, so {@code errorType} is its fully-qualified class name, e.g.
 * {@code engram.functions.errors.InvalidRequestException} (see {@link engram.functions.errors.EngramErrors}).
 * Other failures (S3 errors, bugs) keep Funqy's wrapper and are retried by the state machine's catch-all.
 */
public class EngramLambdaHandler implements RequestStreamHandler {
    private final RequestStreamHandler funqy;

    /** What Lambda instantiates: Funqy's handler, which boots Quarkus on the first call. */
    public EngramLambdaHandler() {
        this(new FunqyStreamHandler());
    }

    /** Wraps another Funqy entry point (tests pass the one of an already running application). */
    EngramLambdaHandler(RequestStreamHandler funqy) {
        this.funqy = funqy;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try {
            funqy.handleRequest(input, output, context);
        } catch (ApplicationException e) {
            if (e.getCause() instanceof EngramException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
