// ledger-bench: the stock ledger's memory and query figures of BENCHMARKS.md, in process. Records
// N movements (AdjustStock +1 over 1,000 levels, each with an actor and a note; strings of up to
// 15 bytes, like "o-000123", live inline in a Swift String, longer ones add their own bytes),
// then reports resident memory per million movements, the snapshot bytes per movement and its
// encode and decode times, and how long VerifyInventory (which re-sums the whole ledger) and a
// filtered ListStockMovements page take. A second batch of N shows that retention bounds memory.
// Usage: ledger-bench [MOVEMENTS]   (default 1000000)
import Glibc
import OrderlyDomain

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000

/// This process's resident set size in KiB (VmRSS of /proc/self/status), or -1 if unreadable.
func residentKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") { return text.split(separator: " ").compactMap { Int($0) }.first ?? -1 }
    }
    return -1
}

func ms(_ d: Duration) -> String {
    let value = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    return String(Int((value * 10).rounded()) / 10) + "." + String(Int((value * 10).rounded()) % 10) + " ms"
}

let store = OrderStore(clock: SystemClock())
let locations = (0..<10).map { "wh-\($0)" }
let skus = (0..<100).map { "sku-\($0)" }
for l in locations { _ = try store.upsertLocation(Location(locationId: l, kind: .warehouse)) }

func record(_ n: Int, offset: Int) throws {
    for i in 0..<n {
        let j = i + offset
        _ = try store.adjustStock(AdjustStockCommand(
            locationId: locations[j % 10], sku: skus[(j / 10) % 100], delta: 1, reason: "cycle count",
            requestId: ""))
    }
}

let before = residentKiB()
let clock = ContinuousClock()
let t0 = clock.now
try record(count, offset: 0)
let took = clock.now - t0
let after = residentKiB()
print("recorded \(store.snapshot().retainedMovementCount) movements in \(ms(took))")
print("resident: +\((after - before) / 1024) MiB for \(count) movements")

let t1 = clock.now
let report = store.verifyInventory()
print("VerifyInventory over \(report.levelsChecked) levels and the whole ledger: \(ms(clock.now - t1)), consistent \(report.consistent)")
let t2 = clock.now
let page = try store.listStockMovements(MovementQuery(locationId: "wh-3", sku: "sku-99", pageSize: 100))
print("ListStockMovements, one location and sku (1 in 1000 movements), page of \(page.movements.count): \(ms(clock.now - t2))")
let t3 = clock.now
_ = try store.listStockMovements(MovementQuery(pageSize: 1000, pageToken: "m\(count / 2)"))
print("ListStockMovements, page of 1000 from the middle: \(ms(clock.now - t3))")
do {  // scoped, so the snapshot bytes and the decoded copy are freed before the last figure
    let t4 = clock.now
    let encoded = store.snapshot().encode()
    let encodeTime = clock.now - t4
    let t5 = clock.now
    let decoded = try StoreState.decode(encoded)
    print("snapshot: \(encoded.count / 1024 / 1024) MiB, \(encoded.count / max(count, 1)) bytes per movement (with levels); "
        + "encode \(ms(encodeTime)), decode \(ms(clock.now - t5)) (\(decoded.retainedMovementCount) movements)")
}

try record(count, offset: count)
let bounded = residentKiB()
print("after \(2 * count) movements: \(store.snapshot().retainedMovementCount) retained, resident +\((bounded - before) / 1024) MiB")
