// Decoding many independent entities (a snapshot's orders, a journal's records) on every core:
// recovery of a million orders is mostly turning bytes into values, which needs no shared state.
// Results come back in input order; the first error (by position) wins.
import Dispatch

enum ParallelDecode {
    /// Below this many items per thread, one thread is faster than starting others.
    static let minimumPerChunk = 4096

    /// Decodes `ranges` of `bytes` and hands every value to `consume`, in order, on this thread
    /// (see ``pipelined(count:threads:window:_:beside:consume:)``).
    static func forEach<T>(
        _ ranges: [Range<Int>], in bytes: [UInt8], threads: Int, window: Int = 1 << 16,
        _ decode: @escaping @Sendable (inout BinaryReader) throws(CodecError) -> T,
        beside: [@Sendable ([[T]]) -> Void] = [], consume: (T) throws(CodecError) -> Void
    ) throws(CodecError) {
        try forEachChunk(ranges, in: bytes, threads: threads, window: window, decode, beside: beside) { (values) throws(CodecError) in
            for k in values.indices { try consume(values[k]) }
        }
    }

    /// ``forEach(_:in:threads:window:_:beside:consume:)`` handing `consume` whole chunks in
    /// place: a value passed to a closure one by one is copied first (for an order, a retain and
    /// a release of each of its strings and arrays).
    static func forEachChunk<T>(
        _ ranges: [Range<Int>], in bytes: [UInt8], threads: Int, window: Int = 1 << 16,
        _ decode: @escaping @Sendable (inout BinaryReader) throws(CodecError) -> T,
        beside: [@Sendable ([[T]]) -> Void] = [], consume: (UnsafeBufferPointer<T>) throws(CodecError) -> Void
    ) throws(CodecError) {
        try pipelined(count: ranges.count, threads: threads, window: window, { k throws(CodecError) in
            var r = BinaryReader(bytes, range: ranges[k])
            return try decode(&r)
        }, beside: beside, consume: consume)
    }

    /// `consume` of every `decode(k)` for k in 0..<count, chunk by chunk in order, on this thread. Work
    /// goes window by window (so only one or two windows of decoded values are alive at a time);
    /// with more than one thread the next window is decoded on the other cores while this thread
    /// consumes the current one: consuming (building indexes) is the longer half, so decoding
    /// then costs almost no wall time. Each of `beside` also sees every window, in order, on a
    /// serial queue of its own while `consume` runs here (work split off the longest stage); it
    /// must touch nothing `consume` or another of them touches. Every window in flight has finished when this returns,
    /// also when it throws.
    static func pipelined<T, E: Error>(
        count: Int, threads: Int, window: Int = 1 << 16,
        _ decode: @escaping @Sendable (Int) throws(E) -> T, beside: [@Sendable ([[T]]) -> Void] = [],
        consume: (UnsafeBufferPointer<T>) throws(E) -> Void
    ) throws(E) {
        guard count > 0 else { return }
        let workers = max(1, threads - 1)
        let decodeWindow = { @Sendable (lower: Int) -> Result<[[T]], E> in
            let upper = min(count, lower + window)
            return Result { () throws(E) -> [[T]] in
                try chunked(count: upper - lower, threads: workers) { k throws(E) in try decode(lower + k) }
            }
        }
        let besideQueues = beside.map { _ in DispatchQueue(label: "orderly.decode.beside") }
        defer { for queue in besideQueues { queue.sync {} } }
        var lower = 0
        var current = decodeWindow(0)
        while true {
            let next = min(count, lower + window)
            // The window in flight; if consuming throws, dropping it waits for it to finish.
            let ahead = next < count ? BackgroundResult { decodeWindow(next) } : nil
            let values = try current.get()
            for (side, queue) in zip(beside, besideQueues) {
                let shared = UnsafeSendable(values)
                queue.async { side(shared.value) }
            }
            for chunk in values {
                try chunk.withUnsafeBufferPointer { (values) throws(E) -> Void in try consume(values) }
            }
            guard let ahead else { return }
            current = ahead.join()
            lower = next
        }
    }

    /// `decode(k)` for every k in 0..<count as consecutive chunks, one per worker.
    private static func chunked<T, E: Error>(
        count: Int, threads: Int, _ decode: (Int) throws(E) -> T
    ) throws(E) -> [[T]] {
        let chunks = max(1, min(threads * 2, count / minimumPerChunk))
        if chunks == 1 {
            var out: [T] = []
            out.reserveCapacity(count)
            for k in 0..<count { out.append(try decode(k)) }
            return [out]
        }
        var results = [Result<[T], E>?](repeating: nil, count: chunks)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeSendable(slots)
            withoutActuallyEscaping(decode) { decode in
                let decode = UnsafeSendable(decode)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let lower = count * chunk / chunks
                    let upper = count * (chunk + 1) / chunks
                    var out: [T] = []
                    out.reserveCapacity(upper - lower)
                    do throws(E) {
                        for k in lower..<upper { out.append(try decode.value(k)) }
                        slots.value[chunk] = .success(out)
                    } catch {
                        slots.value[chunk] = .failure(error)
                    }
                }
            }
        }
        var out: [[T]] = []
        out.reserveCapacity(chunks)
        for result in results {
            switch result {
            case .success(let part)?: out.append(part)
            case .failure(let error)?: throw error
            case nil: preconditionFailure("concurrentPerform ran every iteration")
            }
        }
        return out
    }
}

extension StoreChange {
    /// Decodes journal records (each made by `encode(_:)`) on the other cores while `apply`
    /// takes each record's changes, in order, on this thread; a failure names the index of the
    /// first record that does not decode, and nothing after it is applied.
    public static func decodeBatches(
        _ records: [[UInt8]], threads: Int, apply: ([StoreChange]) -> Void
    ) throws(IndexedCodecError) {
        let decode = { @Sendable (k: Int) throws(IndexedCodecError) -> [StoreChange] in
            do throws(CodecError) {
                return try decodeBatch(records[k])
            } catch {
                throw IndexedCodecError(index: k, error: error)
            }
        }
        let consume = { (records: UnsafeBufferPointer<[StoreChange]>) throws(IndexedCodecError) -> Void in
            for k in records.indices { apply(records[k]) }
        }
        try ParallelDecode.pipelined(count: records.count, threads: threads, window: 1 << 14, decode, consume: consume)
    }
}

/// A codec error and the index of the item that caused it.
public struct IndexedCodecError: Error, Sendable {
    /// Which item of the input failed.
    public var index: Int
    /// Why.
    public var error: CodecError
}

/// Work started on another thread now and joined later: a part of recovery that touches nothing
/// the calling thread touches meanwhile (it must capture only what it owns).
final class BackgroundResult<Value, E: Error>: @unchecked Sendable {
    private var result: Result<Value, E>?
    private let group = DispatchGroup()

    init(_ work: @escaping @Sendable () throws(E) -> Value) {
        group.enter()
        DispatchQueue.global().async {
            self.result = Result { () throws(E) -> Value in try work() }
            self.group.leave()
        }
    }

    /// Waits for the work and returns what it made (or throws what it threw).
    func join() throws(E) -> Value {
        group.wait()
        guard let result else { preconditionFailure("the background work reported") }
        return try result.get()
    }

    /// Waits without looking at the outcome (a caller that throws first still lets the work end).
    deinit { group.wait() }
}

/// Hands a value to `concurrentPerform`'s workers, which touch disjoint parts of it only.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
