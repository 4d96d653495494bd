// `orderly orders watch`: prints order status changes until Ctrl-C, optionally replaying from
// a sequence number so a restarted watcher misses nothing.
import ArgumentParser
import OrderlyMessages

struct WatchOrders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print order status changes as they happen, until Ctrl-C.",
        discussion: """
            One line per event on stdout (one JSON document per line with --json); the
            "watching" notice goes to stderr. Resume with --from-sequence set to the last
            sequence you saw: it is exclusive, so replay starts with the event after it
            (--from-sequence 1200 replays 1201, 1202, ...) and nothing is printed twice.

            Examples:
              orderly orders watch
              orderly orders watch --customer c-42
              orderly orders watch --from-sequence 1200 --json
            """)

    @Option(help: "Only this order.") var order = ""
    @Option(help: "Only this customer's orders.") var customer = ""
    @Option(help: ArgumentHelp(
        "First replay retained events with a sequence AFTER this one (exclusive: the event at this sequence is not replayed); 0 = live only.",
        valueName: "sequence"))
    var fromSequence: Int64 = 0
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
