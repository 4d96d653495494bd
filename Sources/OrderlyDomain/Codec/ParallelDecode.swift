// Decoding many independent entities (a snapshot's orders, a journal's records) on every core:
// recovery of a million orders is mostly turning bytes into values, which needs no shared state.
// Results come back in input order; the first error (by position) wins.
import Dispatch

enum ParallelDecode {
    /// Below this many items per thread, one thread is faster than starting others.
    static let minimumPerChunk = 4096

    /// Decodes `ranges` of `bytes` window by window (so only one window of decoded values is
    /// alive at a time) and hands every value to `consume`, in order, on this thread.
    static func forEach<T>(
        _ ranges: [Range<Int>], in bytes: [UInt8], threads: Int, window: Int = 1 << 16,
        _ decode: (inout BinaryReader) throws(CodecError) -> T, consume: (T) throws(CodecError) -> Void
    ) throws(CodecError) {
        var lower = 0
        while lower < ranges.count {
            let upper = min(ranges.count, lower + window)
            let chunks = try chunked(count: upper - lower, threads: threads) { k throws(CodecError) in
                var r = BinaryReader(bytes, range: ranges[lower + k])
                return try decode(&r)
            }
            for chunk in chunks {
                for value in chunk { try consume(value) }
            }
            lower = upper
        }
    }

    /// `decode(k)` for every k in 0..<count, in order, on up to `threads` threads.
    static func map<T, E: Error>(
        count: Int, threads: Int, _ decode: (Int) throws(E) -> T
    ) throws(E) -> [T] {
        let chunks = try chunked(count: count, threads: threads, decode)
        if chunks.count == 1 { return chunks[0] }
        var out: [T] = []
        out.reserveCapacity(count)
        for chunk in chunks { out += chunk }
        return out
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
    /// Decodes many journal records (each made by `encode(_:)`), on up to `threads` threads;
    /// a failure names the index of the first record that does not decode.
    public static func decodeBatches(
        _ records: [[UInt8]], threads: Int
    ) throws(IndexedCodecError) -> [[StoreChange]] {
        try ParallelDecode.map(count: records.count, threads: threads) { k throws(IndexedCodecError) in
            do throws(CodecError) {
                return try decodeBatch(records[k])
            } catch {
                throw IndexedCodecError(index: k, error: error)
            }
        }
    }
}

/// A codec error and the index of the item that caused it.
public struct IndexedCodecError: Error, Sendable {
    /// Which item of the input failed.
    public var index: Int
    /// Why.
    public var error: CodecError
}

/// Hands a value to `concurrentPerform`'s workers, which touch disjoint parts of it only.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
