package engram.cli;

import engram.functions.errors.EngramException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code engram}: the command line over the workflows and functions, run in this process. */
@Command(name = "engram", mixinStandardHelpOptions = true, version = "engram 0.1.0",
        description = "Writes, rewrites and erases what a language model knows: runs engram's workflows and "
                + "functions on this machine (embedded runner, local store by default).",
        subcommands = {DemoCommand.class, RunCommand.class, EditCommand.class, ScoreCommand.class, EvalCommand.class,
                ExperimentCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", ExitCodes.HELP})
public class EngramCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    /**
     * Parses {@code args}, runs the command and answers its exit code ({@link ExitCodes}): typed errors become
     * their codes with the message on {@code err}; a wrong command line is {@link ExitCodes#USAGE}.
     */
    public static int execute(Engine engine, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(engine);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof EngramException typed) {
                line.getErr().println("engram: " + typed.errorName() + ": " + typed.getMessage());
                return ExitCodes.forError(typed.errorName());
            }
            if (e instanceof UsageException usage) {
                line.getErr().println("engram: " + usage.getMessage());
                return ExitCodes.USAGE;
            }
            line.getErr().println("engram: internal error: " + e);
            return ExitCodes.INTERNAL;
        });
        return cli.execute(args);
    }

    /** The command tree, each command built with {@code engine} when it takes one. */
    static CommandLine commandLine(Engine engine) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine(new EngramCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                    if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Engine.class) {
                        return type.cast(constructor.newInstance(engine));
                    }
                }
                return defaults.create(type);
            }
        });
    }

    /** A command line that parsed but cannot be used (unreadable --input, bad grid file): exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
