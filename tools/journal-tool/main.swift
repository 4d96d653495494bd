// journal-tool: a small driver for OrderlyDurability, used by the crash test and for benchmarks.
//
//   journal-tool append <dir> <always|batch|never> <threads>
//       Appends forever from <threads> threads; prints "ack <sequence>" (unbuffered) for every
//       acknowledged record. The crash test SIGKILLs it and checks recovery kept every ack.
//   journal-tool bench <dir> <always|batch|never> <threads> <records per thread> <payload bytes>
//       Appends and reports appends/s, batches and fsyncs.
//   journal-tool recover <dir>
//       Prints what recovery finds.
import Glibc
import OrderlyDurability

/// Writes a line to stdout with one write(2), so lines from several threads never interleave.
func say(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
}

func fail(_ message: String) -> Never {
    var bytes = Array(("journal-tool: " + message + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func policy(_ text: String) -> FsyncPolicy {
    guard let policy = FsyncPolicy(rawValue: text) else { fail("unknown policy \(text)") }
    return policy
}

func number(_ text: String) -> Int {
    guard let value = Int(text), value > 0 else { fail("not a positive number: \(text)") }
    return value
}

/// Runs `body(index)` on `count` pthreads and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    final class Box { let run: () -> Void; init(_ run: @escaping () -> Void) { self.run = run } }
    var threads: [pthread_t] = []
    for index in 0..<count {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box { body(index) }).toOpaque()
        let result = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            Unmanaged<Box>.fromOpaque(argument).takeRetainedValue().run()
            return nil
        }, box)
        if result != 0 { fail("pthread_create failed: \(result)") }
        threads.append(thread)
    }
    for thread in threads { pthread_join(thread, nil) }
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

func open(_ directory: String, _ policy: FsyncPolicy) -> DurableLog {
    do {
        return try Durability.open(directory: directory, options: JournalOptions(policy: policy)).0
    } catch {
        fail("\(error)")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "append" where arguments.count == 4:
    let log = open(arguments[1], policy(arguments[2]))
    onThreads(number(arguments[3])) { thread in
        // At most 16 appends in flight per thread, like a client with a bounded window: the
        // queue and the output stay bounded however slow the disk is.
        let window = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        sem_init(window, 0, 16)
        let address = Int(bitPattern: window)
        var index = 0
        while true {
            index += 1
            let payload = Array("thread \(thread) record \(index)".utf8)
            sem_wait(window)
            do {
                try log.append(payload) { result in
                    if case .success(let sequence) = result { say("ack \(sequence)") }
                    if let window = UnsafeMutablePointer<sem_t>(bitPattern: address) { sem_post(window) }
                }
            } catch {
                fail("\(error)")
            }
        }
    }
case "bench" where arguments.count == 6:
    let policy = policy(arguments[2])
    let log = open(arguments[1], policy)
    let threads = number(arguments[3])
    let perThread = number(arguments[4])
    let payload = [UInt8](repeating: 0x5A, count: number(arguments[5]))
    let started = monotonicSeconds()
    onThreads(threads) { _ in
        // Each thread waits for its own acknowledgement, like a client waiting for its response.
        var done = 0
        let gate = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        sem_init(gate, 0, 0)
        let address = Int(bitPattern: gate)
        while done < perThread {
            do {
                try log.append(payload) { _ in
                    if let gate = UnsafeMutablePointer<sem_t>(bitPattern: address) { sem_post(gate) }
                }
            } catch {
                fail("\(error)")
            }
            sem_wait(gate)
            done += 1
        }
        sem_destroy(gate)
        gate.deallocate()
    }
    let elapsed = monotonicSeconds() - started
    let stats = log.statistics.journal
    log.close()
    let total = threads * perThread
    say("policy=\(policy.rawValue) threads=\(threads) records=\(total) payload=\(payload.count)B "
        + "seconds=\(String(format3(elapsed))) appends/s=\(Int(Double(total) / elapsed)) "
        + "batches=\(stats.batches) fsyncs=\(stats.syncs) largestBatch=\(stats.largestBatch)")
case "recover" where arguments.count == 2:
    do {
        let state = try Recovery.load(directory: arguments[1])
        say("snapshot=\(state.snapshot.map { String($0.sequence) } ?? "none") records=\(state.records.count) "
            + "last=\(state.lastSequence) stats=\(state.statistics)")
    } catch {
        fail("\(error)")
    }
default:
    fail("usage: journal-tool append <dir> <policy> <threads> | bench <dir> <policy> <threads> <records/thread> <bytes> | recover <dir>")
}

func format3(_ value: Double) -> String {
    let millis = Int((value * 1000).rounded())
    let fraction = String(millis % 1000)
    return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}
