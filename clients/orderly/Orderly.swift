// The `orderly` command tree (CLI.md). Each group lives in its own file.
import ArgumentParser
import OrderlyRPC

/// Root command: only groups its subcommands.
struct Orderly: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orderly",
        abstract: "Command-line client of the Orderly order management server.",
        discussion: """
            Every command accepts --server HOST:PORT (or $ORDERLY_SERVER, default 127.0.0.1:50051),
            --token T (or $ORDERLY_TOKEN), --timeout SECONDS, --compression gzip|deflate|identity
            and --json, after the subcommand.
            Exit status: 0 success, 1 the call failed (stderr: `STATUS: message`), 2 bad usage.

            Examples:
              orderly health
              orderly demo seed
              orderly orders list --status shipped --limit 10
              orderly orders get o-1 --json
            """,
        version: OrderlyVersion.current,
        subcommands: [
            Health.self, Inventory.self, Transfers.self, Reservations.self, Orders.self, Shipments.self, Carriers.self,
            RoutingPolicyCommands.self, Returns.self, Reports.self, Demo.self,
        ])
}
