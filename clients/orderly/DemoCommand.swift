// `orderly demo seed`: fills an empty server with a small, realistic retailer (DemoSeeder).
import ArgumentParser

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Demo data for trying Orderly out.", subcommands: [DemoSeed.self])
}

struct DemoSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Fill an EMPTY server with a small retailer (refuses if it has orders).",
        discussion: """
            Creates 3 warehouses and 2 pickup stores in different US cities, 500 SKUs with stock,
            and 2,000 orders over every channel, taken through every state: allocated, partially
            shipped, shipped, delivered, cancelled, partially returned and returned (refunded).
            The data is the same for the same --seed. Progress goes to stderr, a summary to stdout.

            Examples:
              make run            # in another terminal
              orderly demo seed
              orderly demo seed --orders 200 --seed 7
            """)

    @Option(help: "How many orders.") var orders = 2000
    @Option(help: "Random seed (same seed, same data).") var seed: UInt64 = 42
    @Option(help: "Calls in flight at once.") var concurrency = 32
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (1...100_000).contains(orders) else { throw ValidationError("--orders must be within 1...100000") }
        guard (1...512).contains(concurrency) else { throw ValidationError("--concurrency must be within 1...512") }
    }

    func run() async throws {
        try await common.withSession { session in
            let seeder = DemoSeeder(session: session, orderCount: orders, seed: seed, concurrency: concurrency)
            let summary = try await seeder.run()
            try session.print(summary.salesSummary) { _ in summary.render() }
        }
    }
}
