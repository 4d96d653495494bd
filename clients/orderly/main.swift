// Entry point of `orderly`: parses the command line, runs the command, and turns every failure
// into CLI.md's contract: exit 1 with `STATUS_NAME: message` on stderr for call failures,
// exit 2 with usage help for bad usage, exit 0 for --help.
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

let arguments = NegativeNumbers.escape(Array(CommandLine.arguments.dropFirst()))
do {
    var command = try Orderly.parseAsRoot(arguments)
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
    exit(0)
} catch {
    exit(Failure.report(error))
}

/// Calls the async `run()` (on the existential the synchronous requirement would be chosen).
func runAsync<Command: AsyncParsableCommand>(_ command: inout Command) async throws {
    try await command.run()
}
