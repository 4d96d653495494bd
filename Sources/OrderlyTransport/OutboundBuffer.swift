// OutboundBuffer: one connection's unsent output as one contiguous byte range, so a loop turn
// can hand everything to the kernel with a single send(). Grows by doubling, compacts by moving
// the unsent tail to the front, and gives back large allocations once empty.
import Glibc

/// A growable FIFO of bytes with a read cursor. Owned by one connection, on its loop thread.
struct OutboundBuffer: ~Copyable {
    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0
    private var readIndex = 0
    private var writeIndex = 0

    /// Capacity kept after the buffer drains; anything larger is freed so that one burst does
    /// not pin megabytes per idle connection.
    private static let retainedCapacity = 64 * 1024
    private static let initialCapacity = 16 * 1024

    init() {}

    deinit {
        storage?.deallocate()
    }

    /// Bytes waiting to be sent.
    var count: Int { writeIndex - readIndex }

    var isEmpty: Bool { writeIndex == readIndex }

    /// Copies `bytes` to the end.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage! + writeIndex).copyMemory(from: source, byteCount: bytes.count)
        writeIndex += bytes.count
    }

    /// The unsent bytes, valid until the next mutation.
    var readable: UnsafeRawBufferPointer {
        guard let storage else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: storage + readIndex, count: count)
    }

    /// Marks `byteCount` bytes as sent.
    mutating func consume(_ byteCount: Int) {
        readIndex += byteCount
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
            if capacity > Self.retainedCapacity {
                storage?.deallocate()
                storage = nil
                capacity = 0
            }
        }
    }

    /// Drops everything and frees the storage.
    mutating func release() {
        storage?.deallocate()
        storage = nil
        capacity = 0
        readIndex = 0
        writeIndex = 0
    }

    /// Makes room for `extra` bytes after `writeIndex`, compacting before growing.
    private mutating func reserve(_ extra: Int) {
        if capacity - writeIndex >= extra { return }
        let live = count
        if let storage, readIndex > 0, capacity - live >= extra, live <= capacity / 2 {
            (storage).copyMemory(from: storage + readIndex, byteCount: live)
            readIndex = 0
            writeIndex = live
            return
        }
        var newCapacity = max(capacity, Self.initialCapacity)
        while newCapacity - live < extra { newCapacity *= 2 }
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let storage {
            newStorage.copyMemory(from: storage + readIndex, byteCount: live)
            storage.deallocate()
        }
        storage = newStorage
        capacity = newCapacity
        readIndex = 0
        writeIndex = live
    }
}
