// How a failed command ends: the exit status and the one line (or usage text) on stderr.
import ArgumentParser
import OrderlyRPC

/// A failure of a command that is not a gRPC status (unreadable file, unhealthy server, ...).
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, printed on stderr.
    let description: String
    /// The exit status (1 unless the contract says otherwise).
    var exitCode: Int32 = 1
}

/// Maps errors to CLI.md's exit statuses and stderr lines.
enum Failure {
    /// Prints the error and returns the exit status: 1 for failed calls, 2 for bad usage.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as RPCError:
            Terminal.error(error.message.isEmpty ? error.code.name : "\(error.code.name): \(ErrorText.translate(error.message))")
            return 1
        case let error as CommandFailure:
            Terminal.error(error.description)
            return error.exitCode
        case let error as ExitCode:
            return error.rawValue
        default:
            let code = Orderly.exitCode(for: error)
            let text = NegativeNumbers.unescape(Orderly.fullMessage(for: error))
            if code == .success {
                Terminal.output(text)
                return 0
            }
            Terminal.error(text)
            // ArgumentParser reports usage and validation problems as EX_USAGE (64); the
            // contract says 2.
            return code == .validationFailure ? 2 : code.rawValue
        }
    }
}
