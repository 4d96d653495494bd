// Decoding many independent entities (a snapshot's orders, a journal's records) on every core:
// recovery of a million orders is mostly turning bytes into values, which needs no shared state.
// Results come back in input order; the first error (by position) wins.
import Dispatch

enum ParallelDecode {
    /// Below this many items per thread, one thread is faster than starting others.
    static let minimumPerChunk = 4096

    /// `decode(k)` for every k in 0..<count, in order, on up to `threads` threads.
    static func map<T, E: Error>(
        count: Int, threads: Int, _ decode: (Int) throws(E) -> T
    ) throws(E) -> [T] {
        let chunks = max(1, min(threads * 2, count / minimumPerChunk))
        if chunks == 1 {
            var out: [T] = []
            out.reserveCapacity(count)
            for k in 0..<count { out.append(try decode(k)) }
            return out
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
        var out: [T] = []
        out.reserveCapacity(count)
        for result in results {
            switch result {
            case .success(let part)?: out += part
            case .failure(let error)?: throw error
            case nil: preconditionFailure("concurrentPerform ran every iteration")
            }
        }
        return out
    }

    /// `decode` applied to each range of `bytes`, in order.
    static func map<T>(
        _ ranges: [Range<Int>], in bytes: [UInt8], threads: Int,
        _ decode: (inout BinaryReader) throws(CodecError) -> T
    ) throws(CodecError) -> [T] {
        try map(count: ranges.count, threads: threads) { k throws(CodecError) in
            var r = BinaryReader(bytes, range: ranges[k])
            return try decode(&r)
        }
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
