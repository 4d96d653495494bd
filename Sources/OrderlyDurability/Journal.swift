// Journal: the write-ahead log with group commit. `append` is cheap for the caller (it queues the
// payload under a lock and assigns the next sequence number, in call order); one dedicated writer
// thread takes everything queued, writes it with one write(), shares one fdatasync across it, and
// then runs the completions. A failed write or fsync is sticky: the journal refuses all later
// appends, because acknowledging anything after a lost write would be a lie.
//
// Threading: `append`, `requestRotation`, `statistics` and `close` may be called from any thread.
// Completions run on the writer thread, in sequence order; they must be quick (hand work off).
#if canImport(Glibc)
import Glibc
#endif
import OrderlyLocks

/// An append-only, checksummed journal of opaque records in segment files of a directory.
public final class Journal: @unchecked Sendable {
    /// Called once per append call with the call's highest sequence when durable, or the failure.
    public typealias Completion = @Sendable (Result<UInt64, DurabilityError>) -> Void

    struct Pending {
        var sequence: UInt64
        var payload: [UInt8]
        /// Only the last record of an append call carries the call's completion.
        var completion: Completion?
    }

    let directory: String
    let options: JournalOptions
    /// A test seam: consulted before each write/fdatasync with the operation name; a non-nil
    /// errno makes that syscall fail as if the kernel had said so.
    let faultInjection: (@Sendable (String) -> Int32?)?

    // Shared state, guarded by `lock`.
    private let lock = ConditionLock()
    private var pending: [Pending] = []
    private var nextSequence: UInt64
    private var failure: DurabilityError?
    private var closing = false
    private var rotationRequested = false
    private var currentSegment: UInt64?
    private var counters = JournalStatistics()
    private var writer: JoinableThread?
    private var batchObserver: (@Sendable (UInt64) -> Void)?

    /// Writer-thread state: only the writer thread touches these.
    var segment: FileDescriptor?
    var segmentBytes = 0
    var buffer: [UInt8] = []

    /// Opens a journal in `directory` whose next record gets `nextSequence`. Segment files are
    /// created lazily, on the first write, named after the first sequence they hold.
    public convenience init(directory: String, nextSequence: UInt64, options: JournalOptions = JournalOptions()) throws {
        try self.init(directory: directory, nextSequence: nextSequence, options: options, faultInjection: nil)
    }

    init(
        directory: String, nextSequence: UInt64, options: JournalOptions,
        faultInjection: (@Sendable (String) -> Int32?)?
    ) throws {
        self.directory = directory
        self.options = options
        self.faultInjection = faultInjection
        self.nextSequence = max(nextSequence, 1)
        self.counters.durableSequence = self.nextSequence - 1
        guard let thread = JoinableThread.start({ [self] in runWriter() }) else {
            throw DurabilityError.system(SystemError(operation: "pthread_create", path: directory, errno: EAGAIN))
        }
        lock.withLock { writer = thread }
    }

    deinit {
        segment.map(Syscall.close)
    }

    /// Queues `payload` and returns its sequence number at once. `completion` runs exactly once,
    /// on the writer thread, when the record is durable under the policy (or the write failed).
    /// Throws (and never calls `completion`) if the journal has failed or is closed.
    @discardableResult
    public func append(_ payload: [UInt8], completion: @escaping Completion) throws(DurabilityError) -> UInt64 {
        try append(contentsOf: CollectionOfOne(payload), completion: completion)
    }

    /// Queues several payloads as contiguous records with one completion (given the last
    /// sequence); returns the last sequence. Throws if the journal has failed or is closed.
    @discardableResult
    public func append(
        contentsOf payloads: some Collection<[UInt8]>, completion: @escaping Completion
    ) throws(DurabilityError) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        if closing { throw DurabilityError.journalClosed }
        let wasIdle = pending.isEmpty
        let count = payloads.count
        var index = 0
        for payload in payloads {
            index += 1
            pending.append(Pending(sequence: nextSequence, payload: payload, completion: index == count ? completion : nil))
            nextSequence += 1
        }
        counters.appendedRecords += UInt64(count)
        if wasIdle && count > 0 { lock.broadcast() }
        return nextSequence - 1
    }

    /// The highest sequence assigned so far (0 before the first record ever).
    public var lastAssignedSequence: UInt64 {
        lock.withLock { nextSequence - 1 }
    }

    /// A copy of the journal's counters.
    public var statistics: JournalStatistics {
        lock.withLock { counters }
    }

    /// The sticky failure, if a write or fsync has failed.
    public var failed: DurabilityError? {
        lock.withLock { failure }
    }

    /// Asks the writer to start a new segment with the next batch, so that the records before it
    /// can be deleted as a whole once a snapshot covers them.
    public func requestRotation() {
        lock.withLock { rotationRequested = true }
    }

    /// The first sequence of the segment the writer is appending to, if one is open.
    var currentSegmentFirstSequence: UInt64? {
        lock.withLock { currentSegment }
    }

    /// Writes everything queued, stops the writer thread and closes the segment. Appends after
    /// this throw ``DurabilityError/journalClosed``. Safe to call twice.
    public func close() {
        let thread: JoinableThread? = lock.withLock {
            closing = true
            lock.broadcast()
            defer { writer = nil }
            return writer
        }
        thread?.join()
    }

    /// Calls `observer` on the writer thread once per durable batch, after the batch's own
    /// completions, with its last sequence: one call for many records where per-record work
    /// (such as releasing events to watchers under a store lock) would contend with writers.
    public func onBatchDurable(_ observer: @escaping @Sendable (UInt64) -> Void) {
        lock.withLock { batchObserver = observer }
    }

    // MARK: Writer thread

    private func runWriter() {
        while let (batch, rotate) = nextBatch() {
            do {
                try write(batch, rotate: rotate)
                let last = batch.last?.sequence ?? 0
                lock.withLock {
                    counters.durableRecords += UInt64(batch.count)
                    counters.durableSequence = last
                    counters.largestBatch = max(counters.largestBatch, batch.count)
                }
                for record in batch { record.completion?(.success(record.sequence)) }
                if let observer = lock.withLock({ batchObserver }) { observer(last) }
            } catch {
                let failed = DurabilityError.journalFailed(error)
                let abandoned: [Pending] = lock.withLock {
                    failure = failed
                    defer { pending = [] }
                    return pending
                }
                for record in batch + abandoned { record.completion?(.failure(failed)) }
            }
        }
        finishWriter()
    }

    /// Waits for work; returns nil when closing and everything has been written.
    private func nextBatch() -> ([Pending], rotate: Bool)? {
        lock.lock()
        defer { lock.unlock() }
        while pending.isEmpty && !closing { lock.wait() }
        if pending.isEmpty { return nil }
        var batch: [Pending]
        if options.policy == .always, let end = pending.firstIndex(where: { $0.completion != nil }) {
            batch = Array(pending[...end])
            pending.removeFirst(end + 1)
        } else {
            batch = []
            swap(&batch, &pending)
            pending.reserveCapacity(batch.count)
        }
        let rotate = rotationRequested
        rotationRequested = false
        return (batch, rotate)
    }

    func noteSegment(_ firstSequence: UInt64) {
        lock.withLock {
            currentSegment = firstSequence
            counters.segmentsCreated += 1
        }
    }

    func noteWrite(bytes: Int, synced: Int) {
        lock.withLock {
            counters.writtenBytes += UInt64(bytes)
            counters.batches += 1
            counters.syncs += UInt64(synced)
        }
    }
}
