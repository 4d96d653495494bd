// `orderly inventory watch [SKU...]`: prints every stock change until Ctrl-C.
import ArgumentParser
import OrderlyMessages

struct WatchInventory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print stock changes as they happen, until Ctrl-C.",
        discussion: """
            One line per change on stdout (one JSON document per line with --json); the
            "watching" notice goes to stderr.

            Examples:
              orderly inventory watch
              orderly inventory watch SKU-1 SKU-2 --json
            """)

    @Argument(help: "SKUs to watch (default: every SKU).") var skus: [String] = []
    @OptionGroup var common: CommonOptions

    func run() async throws {
        Terminal.exitOnInterrupt()
        try await common.withSession { session in
            let stream = session.inventory.watchInventory(
                Orderly_V1_WatchInventoryRequest(skus: skus), options: session.options)
            Terminal.error("watching stock of \(skus.isEmpty ? "every SKU" : skus.joined(separator: ", ")) (Ctrl-C to stop)")
            for try await level in stream {
                try session.printLive(level) { l in
                    "\(l.locationID)  \(l.sku)  on_hand=\(l.onHand) reserved=\(l.reserved) "
                        + "safety=\(l.safetyStock) available=\(l.available) v\(l.version)"
                }
            }
        }
    }
}
