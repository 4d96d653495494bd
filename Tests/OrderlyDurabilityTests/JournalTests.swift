// JournalTests: group commit under concurrency, the fsync policies, sticky failures, closing,
// and the data directory lock.
import Glibc
import OrderlyLocks
import Testing
@testable import OrderlyDurability

struct JournalTests {
    /// Appends from 64 threads at once; returns what each thread got back, the completion order
    /// and the journal's counters.
    private func appendConcurrently(
        in dir: TemporaryDirectory, policy: FsyncPolicy, perThread: Int
    ) throws -> (sequencesByThread: [[UInt64]], completed: [UInt64], stats: JournalStatistics, payloads: [UInt64: String]) {
        let (log, _) = try Durability.open(directory: dir.path, options: JournalOptions(policy: policy))
        let completions = Completions()
        let lock = ConditionLock()
        nonisolated(unsafe) var sequencesByThread = [[UInt64]](repeating: [], count: 64)
        nonisolated(unsafe) var payloads: [UInt64: String] = [:]
        runConcurrently(64) { thread in
            for index in 0..<perThread {
                let text = "thread \(thread) item \(index)"
                // The store calls append under its own lock; so does this test, to check the
                // journal's sequence matches the caller's order.
                lock.withLock {
                    guard let sequence = try? log.append(Array(text.utf8), completion: completions.callback) else { return }
                    sequencesByThread[thread].append(sequence)
                    payloads[sequence] = text
                }
            }
        }
        let results = completions.wait(for: 64 * perThread)
        let stats = log.statistics.journal
        log.close()
        let completed = results.compactMap { try? $0.get() }
        #expect(completed.count == results.count, "no completion failed")
        return (sequencesByThread, completed, stats, payloads)
    }

    @Test(arguments: [FsyncPolicy.batch, .never])
    func concurrentAppendsAreContiguousAndEachCompletesOnce(policy: FsyncPolicy) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let perThread = 40
        let total = 64 * perThread
        let run = try appendConcurrently(in: dir, policy: policy, perThread: perThread)
        #expect(run.completed.count == total)
        #expect(run.completed == Array(1...UInt64(total)), "each completion once, in sequence order")
        for sequences in run.sequencesByThread {
            #expect(sequences.count == perThread)
            #expect(sequences == sequences.sorted(), "a thread's appends get increasing sequences")
        }
        #expect(run.stats.durableRecords == UInt64(total))
        let state = try Recovery.load(directory: dir.path)
        #expect(state.records.map(\.sequence) == Array(1...UInt64(total)))
        #expect(state.records.allSatisfy { run.payloads[$0.sequence] == $0.payload.text })
        if policy == .batch {
            #expect(run.stats.syncs == run.stats.batches)
            #expect(run.stats.syncs < UInt64(total), "group commit shares fsyncs: \(run.stats.syncs) for \(total) records")
        } else {
            #expect(run.stats.syncs == 0)
        }
    }

    @Test func alwaysPolicySyncsEveryAppendCall() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let run = try appendConcurrently(in: dir, policy: .always, perThread: 3)
        #expect(run.completed == Array(1...UInt64(64 * 3)))
        #expect(run.stats.syncs == UInt64(64 * 3))
        #expect(run.stats.largestBatch == 1)
    }

    @Test func batchAppendGetsContiguousSequencesAndOneCompletion() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path)
        let completions = Completions()
        let last = try log.append(contentsOf: [[1], [2], [3]], completion: completions.callback)
        #expect(last == 3)
        #expect(try log.append([4], completion: completions.callback) == 4)
        let results = completions.wait(for: 2).compactMap { try? $0.get() }
        log.close()
        #expect(results == [3, 4])
        #expect(try Recovery.load(directory: dir.path).records.map(\.payload) == [[1], [2], [3], [4]])
    }

    @Test(arguments: [("write", ENOSPC), ("fdatasync", EIO)])
    func failedWriteIsStickyAndFailsCompletions(operation: String, code: Int32) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let armed = ConditionLock()
        nonisolated(unsafe) var failing = false
        let (log, _) = try Durability.open(
            directory: dir.path, options: JournalOptions(), truncateOnCorruption: false,
            faultInjection: { name in armed.withLock { failing && name == operation ? code : nil } })
        defer { log.close() }
        let completions = Completions()
        try log.append([1], completion: completions.callback)
        _ = completions.wait(for: 1)
        armed.withLock { failing = true }
        try log.append([2], completion: completions.callback)
        let results = completions.wait(for: 2)
        #expect((try? results[0].get()) == 1)
        let failure = DurabilityError.journalFailed(SystemError(operation: operation, path: dir.file(DataDirectoryLayout.journalName(firstSequence: 1)), errno: code))
        #expect(results.count == 2 && results[1] == .failure(failure))
        // Sticky: even once the disk "recovers", nothing more is accepted.
        armed.withLock { failing = false }
        #expect(throws: failure) { try log.append([3]) { _ in Issue.record("completion of a refused append ran") } }
        #expect(log.journal.failed == failure)
    }

    @Test func appendAfterCloseIsRefusedAndQueuedRecordsAreWritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path, options: JournalOptions(policy: .never))
        let completions = Completions()
        for value in 1...100 { try log.append([UInt8(value)], completion: completions.callback) }
        log.close()
        #expect(completions.wait(for: 100).count == 100, "close drains the queue")
        #expect(throws: DurabilityError.journalClosed) { try log.append([0]) { _ in } }
        log.close()
        #expect(try Recovery.load(directory: dir.path).records.count == 100)
    }

    @Test func secondOpenOfTheSameDirectoryFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (log, _) = try Durability.open(directory: dir.path)
        #expect(throws: DurabilityError.directoryLocked(directory: dir.path)) {
            try Durability.open(directory: dir.path)
        }
        let error = try #require(throws: DurabilityError.self) { try DataDirectoryLock(directory: dir.path) }
        #expect(error.description.contains(dir.path))
        #expect(throws: DurabilityError.directoryLocked(directory: dir.path), "recovery never cuts a live journal") {
            try Recovery.load(directory: dir.path)
        }
        log.close()
        let (again, _) = try Durability.open(directory: dir.path)
        again.close()
    }
}
