// `orderly orders watch`: prints order status changes until Ctrl-C, optionally replaying from
// a sequence number so a restarted watcher misses nothing.
import ArgumentParser
import OrderlyMessages

struct WatchOrders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print order status changes as they happen, until Ctrl-C.",
        discussion: """
            One line per event on stdout (one JSON document per line with --json); the
            "watching" notice goes to stderr. Resume after the last sequence you saw with
            --from-sequence.

            Examples:
              orderly orders watch
              orderly orders watch --customer c-42
              orderly orders watch --from-sequence 1200 --json
            """)

    @Option(help: "Only this order.") var order = ""
    @Option(help: "Only this customer's orders.") var customer = ""
    @Option(help: "Replay retained events after this sequence number first.") var fromSequence: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        Terminal.exitOnInterrupt()
        let request = Orderly_V1_WatchOrdersRequest(orderID: order, customerID: customer, fromSequence: fromSequence)
        try await common.withSession { session in
            let stream = session.orders.watchOrders(request, options: session.options)
            Terminal.error("watching order events (Ctrl-C to stop)")
            for try await event in stream {
                try session.printLive(event) { e in
                    "#\(e.sequence)  \(Format.time(e.at))  \(e.orderID)  \(e.status.kebabName)"
                        + (e.message.isEmpty ? "" : "  \(e.message)")
                }
            }
        }
    }
}
