// A bump allocator that owns every C allocation of one decode or encode call.
// libprotobuf-c mallocs each field on unpack; handing it this arena as its ProtobufCAllocator
// turns that into pointer bumps, and freeing the whole message is one pass over a few chunks.
// The encode side builds its protoc-c structs (NUL-terminated strings, arrays) here too.
// The first chunk of every arena comes from a one-chunk cache per thread: a 4 KiB malloc is a
// glibc "large" request that runs malloc_consolidate each time, which showed up at ~5% of a
// server's CPU with two arenas per call.
import CProtobufC
import Glibc
import OrderlyRPC

/// Owns the C memory of one message conversion; everything is freed when the arena goes away.
///
/// Not thread-safe and not meant to be: each call creates its own arena and drops it on return.
/// Pointers handed out stay valid exactly as long as the arena object is alive.
final class CArena {
    /// Size of the first chunk; big enough for typical orders, so most calls allocate once.
    private static let firstChunkSize = 4096
    /// Every allocation is rounded to this so any C type is suitably aligned.
    private static let alignment = 16

    private var chunks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private var nextChunkSize = CArena.firstChunkSize
    /// The first standard-size chunk, which goes back to the thread's cache at the end.
    private var firstChunk: UnsafeMutableRawPointer?

    init() {}

    deinit {
        for chunk in chunks where chunk != firstChunk {
            chunk.deallocate()
        }
        if let firstChunk, !FirstChunkCache.give(firstChunk) {
            firstChunk.deallocate()
        }
    }

    /// Returns `size` bytes of uninitialised, 16-byte aligned memory owned by the arena.
    func allocate(byteCount size: Int) -> UnsafeMutableRawPointer {
        let rounded = max(Self.alignment, (size + Self.alignment - 1) & ~(Self.alignment - 1))
        if rounded > remaining {
            if rounded > nextChunkSize / 2 {
                // A big block gets a chunk of its own so the current chunk keeps its space.
                let block = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: Self.alignment)
                chunks.append(block)
                return block
            }
            let chunk: UnsafeMutableRawPointer
            if firstChunk == nil {
                chunk = FirstChunkCache.take()
                    ?? UnsafeMutableRawPointer.allocate(byteCount: Self.firstChunkSize, alignment: Self.alignment)
                firstChunk = chunk
            } else {
                chunk = UnsafeMutableRawPointer.allocate(byteCount: nextChunkSize, alignment: Self.alignment)
            }
            chunks.append(chunk)
            cursor = chunk
            remaining = nextChunkSize
            nextChunkSize = min(nextChunkSize * 2, 1 << 20)
        }
        // `cursor` is non-nil whenever `remaining` > 0.
        let block = cursor.unsafelyUnwrapped
        cursor = block + rounded
        remaining -= rounded
        return block
    }

    /// Uninitialised storage for `count` values of the pointee type of `like` (the C field the
    /// array will be stored in; only its type matters).
    func array<T>(_ count: Int, like _: UnsafeMutablePointer<T>?) -> UnsafeMutablePointer<T> {
        allocate(byteCount: MemoryLayout<T>.stride * count).bindMemory(to: T.self, capacity: count)
    }

    /// A protoc-c message struct set to its defaults by its generated `*__init` function.
    func newMessage<C>(_ initialize: (UnsafeMutablePointer<C>?) -> Void) -> UnsafeMutablePointer<C> {
        let message = allocate(byteCount: MemoryLayout<C>.stride).bindMemory(to: C.self, capacity: 1)
        initialize(message)
        return message
    }

    /// A NUL-terminated copy of `string`.
    func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        var string = string
        return string.withUTF8 { utf8 in
            let copy = allocate(byteCount: utf8.count + 1).bindMemory(to: CChar.self, capacity: utf8.count + 1)
            if let base = utf8.baseAddress {
                UnsafeMutableRawPointer(copy).copyMemory(from: base, byteCount: utf8.count)
            }
            copy[utf8.count] = 0
            return copy
        }
    }

    /// A protobuf-c `bytes` value pointing at an arena copy of `bytes`.
    func binaryData(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        let copy = allocate(byteCount: bytes.count).bindMemory(to: UInt8.self, capacity: bytes.count)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress {
                copy.initialize(from: base, count: source.count)
            }
        }
        return ProtobufCBinaryData(len: bytes.count, data: copy)
    }

    /// Unpacks `bytes` as the message type whose `*__init` function is `initialize`, with every
    /// allocation taken from this arena. Throws `MessageDecodingError` on malformed input and on
    /// a string that `text` refuses (checked on the wire bytes, which still show where each
    /// string ends: the unpacked `char *` copies stop at the first NUL).
    func unpack<C>(
        _ bytes: UnsafeRawBufferPointer, _ initialize: (UnsafeMutablePointer<C>?) -> Void, text: TextRules
    ) throws(MessageDecodingError) -> UnsafePointer<C> {
        // The init function stores the real static descriptor address in `base.descriptor`.
        let probe = newMessage(initialize)
        let descriptor = UnsafeRawPointer(probe).assumingMemoryBound(to: ProtobufCMessage.self)
            .pointee.descriptor
        var allocator = ProtobufCAllocator(
            alloc: { data, size in
                guard let data else { return nil }
                return Unmanaged<CArena>.fromOpaque(data).takeUnretainedValue().allocate(byteCount: size)
            },
            free: { _, _ in },  // the arena frees everything at once
            allocator_data: Unmanaged.passUnretained(self).toOpaque())
        var empty: UInt8 = 0
        let unpacked = withUnsafePointer(to: &empty) { emptyPointer in
            let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? emptyPointer
            return protobuf_c_message_unpack(descriptor, &allocator, bytes.count, data)
        }
        guard let unpacked else {
            throw MessageDecodingError("malformed protobuf message")
        }
        if let descriptor {
            try WireTextScanner.check(bytes, descriptor: descriptor, rules: text)
        }
        return UnsafeRawPointer(unpacked).assumingMemoryBound(to: C.self)
    }

    /// Appends the wire form of `message` (a protoc-c struct built in this arena) to `buffer`.
    func pack<C>(_ message: UnsafeMutablePointer<C>, into buffer: inout [UInt8]) {
        let base = UnsafeRawPointer(message).assumingMemoryBound(to: ProtobufCMessage.self)
        let size = protobuf_c_message_get_packed_size(base)
        guard size > 0 else { return }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: size))
        buffer.withUnsafeMutableBufferPointer { output in
            // `output` holds at least start + size bytes, so the base address exists.
            _ = protobuf_c_message_pack(base, output.baseAddress.unsafelyUnwrapped + start)
        }
    }
}

/// At most one spare first-size arena chunk per thread (freed when the thread exits).
private enum FirstChunkCache {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        _ = pthread_key_create(&key) { chunk in chunk?.deallocate() }
        return key
    }()

    /// The thread's spare chunk, if it has one (the cache is then empty).
    static func take() -> UnsafeMutableRawPointer? {
        guard let chunk = pthread_getspecific(key) else { return nil }
        _ = pthread_setspecific(key, nil)
        return chunk
    }

    /// Keeps `chunk` as the thread's spare; false (the caller frees it) when one is kept already.
    static func give(_ chunk: UnsafeMutableRawPointer) -> Bool {
        guard pthread_getspecific(key) == nil else { return false }
        return pthread_setspecific(key, chunk) == 0
    }
}
