// persistence-bench: the durability figures of BENCHMARKS.md without a network in the way. Builds
// N orders through PersistentStore (journaled, --fsync never so the build is quick), then measures
// a snapshot while a writer keeps creating orders (lock held for the copy, the writer's worst
// latency during the snapshot vs before it), and the recovery time of the directory (snapshot +
// journal tail). Usage: persistence-bench [ORDERS] [DIRECTORY]   (defaults 1000000, a temp dir;
// PERSISTENCE_BENCH_KEEP=1 keeps the directory afterwards)
import Glibc
import OrderlyDomain
import OrderlyDurability
import OrderlyLocks
import OrderlyPersistence
import Synchronization

let orders = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
let directory = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "/tmp/orderly-bench-\(getpid())"

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func milliseconds(_ d: Duration) -> String {
    let ms = seconds(d) * 1000
    return ms < 10 ? String(Int((ms * 1000).rounded())) + " us" : String(Int(ms.rounded())) + " ms"
}

func command(_ i: Int, tag: String) -> CreateOrderCommand {
    CreateOrderCommand(
        requestId: "\(tag)-\(i)", channel: i % 3 == 0 ? .pos : .web, channelOrderRef: "ref-\(tag)-\(i)",
        customer: Customer(customerId: "c-\(i % 100_000)", email: "c\(i % 100_000)@example.com", name: "Customer"),
        lines: [OrderLineInput(sku: "sku-\(i % 50)", quantity: 1 + Int32(i % 3), unitPriceMinor: 1999),
                OrderLineInput(sku: "sku-\((i + 7) % 50)", quantity: 1, unitPriceMinor: 499)],
        currency: "USD",
        shippingAddress: Address(name: "Ada", line1: "5th Ave", city: "New York", country: "US",
                                 latitude: 40.7306, longitude: -73.9866),
        shippingMethod: .standard)
}

/// A closure run on a thread of its own.
final class ThreadBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

func startThread(_ body: ThreadBody) -> pthread_t {
    var thread = pthread_t()
    pthread_create(&thread, nil, { argument in
        guard let argument else { return nil }
        Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue().run()
        return nil
    }, Unmanaged.passRetained(body).toOpaque())
    return thread
}

func runBenchmark(orders: Int, directory: String) throws {
    var options = PersistenceOptions()
    options.fsync = .never
    options.snapshotInterval = nil
    options.snapshotJournalBytes = nil
    options.snapshotOnClose = false
    let build = ContinuousClock.now
    let persistent = try PersistentStore.open(directory: directory, options: options)
    let store = persistent.store
    for (n, city) in [("wh-nyc", (40.71, -74.0)), ("wh-phl", (39.95, -75.16)), ("wh-bos", (42.36, -71.05))].enumerated() {
        _ = try store.upsertLocation(Location(locationId: city.0, name: city.0, kind: .warehouse,
                                              address: Address(city: "City \(n)", country: "US", latitude: city.1.0, longitude: city.1.1)))
        for s in 0..<50 {
            _ = try store.setStock(SetStockCommand(locationId: city.0, sku: "sku-\(s)", onHand: 1_000_000_000))
        }
    }
    for i in 0..<orders { _ = try store.createOrder(command(i, tag: "build")) }
    let built = ContinuousClock.now - build
    print("built \(orders) orders through PersistentStore (fsync never) in \(milliseconds(built)) "
          + "(\(Int(Double(orders) / seconds(built))) orders/s), journal \(persistent.statistics.journal.writtenBytes >> 20) MiB, "
          + "resident memory \(residentMiB()) MiB")

    // The copy-on-write price alone: the first mutations after a frozen copy is taken (each
    // touched container copies its piece), against the same mutations without a copy held.
    var plain = Duration.zero, afterCopy = Duration.zero
    for round in 0..<5 {
        var start = ContinuousClock.now
        _ = try store.createOrder(command(round, tag: "plain"))
        plain = max(plain, ContinuousClock.now - start)
        let frozen = store.snapshot()
        start = ContinuousClock.now
        _ = try store.createOrder(command(round, tag: "cow"))
        afterCopy = max(afterCopy, ContinuousClock.now - start)
        withExtendedLifetime(frozen) {}
    }
    print("first CreateOrder after taking the frozen copy: worst \(milliseconds(afterCopy)) of 5 (without a copy held: \(milliseconds(plain)))")

    // A writer creating orders as fast as it can; it records its worst single call before and during the snapshot.
    let phase = Atomic<Int>(0)  // 0 warm-up, 1 snapshotting, 2 stop
    let worst = Locked<[Duration]>([.zero, .zero])
    let written = Atomic<Int>(0)
    let thread = startThread(ThreadBody { @Sendable in
        var i = 0
        while true {
            let p = phase.load(ordering: .acquiring)
            if p == 2 { break }
            let start = ContinuousClock.now
            _ = try? store.createOrder(command(i, tag: "live"))
            let took = ContinuousClock.now - start
            worst.withLock { $0[p] = max($0[p], took) }
            written.add(1, ordering: .relaxed)
            i += 1
        }
    })
    usleep(1_000_000)
    let beforeCount = written.load(ordering: .relaxed)
    phase.store(1, ordering: .releasing)
    let snapStart = ContinuousClock.now
    // As in the server: the snapshot runs on the store's background (lower-priority) thread.
    let outcome = Locked<Result<SnapshotReport?, PersistenceError>?>(nil)
    persistent.requestSnapshot { result in outcome.withLock { $0 = result } }
    while outcome.withLock({ $0 }) == nil { usleep(1000) }
    let report = try outcome.withLock { $0 }?.get()
    let snapTook = ContinuousClock.now - snapStart
    let duringCount = written.load(ordering: .relaxed) - beforeCount
    phase.store(2, ordering: .releasing)
    pthread_join(thread, nil)
    let (warm, during) = worst.withLock { ($0[0], $0[1]) }
    if let report {
        print("snapshot of \(report.orders) orders: \(milliseconds(snapTook)) total (lock held \(milliseconds(report.lockHeld)), "
              + "encode \(milliseconds(report.encodeDuration)), write+fsync+rename \(milliseconds(report.writeDuration))), "
              + "\(report.payloadBytes >> 20) MiB")
    }
    print("writer during the snapshot: \(duringCount) orders created, worst call \(milliseconds(during)) "
          + "(worst call in the 1 s before: \(milliseconds(warm)))")
    let tail = 20_000
    for i in 0..<tail { _ = try store.createOrder(command(i, tag: "tail")) }
    let total = store.read { $0.orderCount }
    persistent.close()

    let reopened = try PersistentStore.open(directory: directory, options: options)
    let r = reopened.recovery
    print("recovery of \(r.orders) orders (snapshot + \(r.recordsReplayed) journal records): \(milliseconds(r.totalDuration)) "
          + "(read+verify \(milliseconds(r.readDuration)), decode \(milliseconds(r.decodeDuration)), replay \(milliseconds(r.replayDuration)))")
    precondition(r.orders == total, "recovered \(r.orders) orders, expected \(total)")
    // The retained ring: one entry per event (its strings share storage with the orders' histories).
    let stride = MemoryLayout<(OrderEvent, String)>.stride
    print("retained events after recovery: \(r.retainedEvents) (ring entry \(stride) bytes: "
          + "\(stride * 1_000_000 / (1 << 20)) MiB per 1M events)")
    reopened.close()
    // PERSISTENCE_BENCH_KEEP=1 leaves the directory for `orderlyd --check-data-dir` timings.
    guard getenv("PERSISTENCE_BENCH_KEEP") == nil else { return }
    for name in (try? listNames(directory)) ?? [] { unlink(directory + "/" + name) }
    rmdir(directory)
}

do {
    try runBenchmark(orders: orders, directory: directory)
} catch {
    print("persistence-bench failed: \(error)")
    exit(1)
}

func listNames(_ path: String) throws -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// This process's resident set size in MiB (VmRSS of /proc/self/status), or -1 if unreadable.
func residentMiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") {
            let kib = text.split(separator: " ").compactMap { Int($0) }.first ?? -1
            return kib < 0 ? -1 : kib / 1024
        }
    }
    return -1
}
