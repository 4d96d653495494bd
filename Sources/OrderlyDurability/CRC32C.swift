// CRC32C (Castagnoli, reflected polynomial 0x82F63B78) for journal records, file headers and
// snapshot trailers. The CPU's crc32 instruction where there is one (CCRC32C: start-up
// checksums every byte of the newest snapshot and of the journal after it, and slicing-by-8
// in Swift did about 3 GB/s), slicing-by-8 in portable Swift elsewhere.
import CCRC32C

/// The CRC32C checksum, computed incrementally: `var c = CRC32C(); c.update(a); c.update(b); c.value`.
public struct CRC32C: Sendable {
    private var state: UInt32 = 0xFFFF_FFFF

    /// A fresh checksum over no bytes.
    public init() {}

    /// The checksum of everything passed to ``update(_:)`` so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The checksum of `bytes` in one call.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    /// Feeds `bytes` into the checksum.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Feeds raw `bytes` into the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if CRC32C.hardware, let base = bytes.baseAddress {
            state = orderly_crc32c_update(state, base, bytes.count)
            return
        }
        updateByTable(bytes)
    }

    /// Whether the CPU's crc32 instruction is used (tests compare it with the table method).
    static let hardware = orderly_crc32c_hardware() != 0

    /// The table method, for CPUs without the instruction.
    mutating func updateByTable(_ bytes: UnsafeRawBufferPointer) {
        let table = CRC32C.table
        var crc = state
        var index = 0
        let count = bytes.count
        table.withUnsafeBufferPointer { t in
            // Eight bytes per step: two little-endian words looked up in eight tables at once.
            while count - index >= 8 {
                let low = bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self).littleEndian ^ crc
                let high = bytes.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self).littleEndian
                crc = t[7 * 256 + Int(low & 0xFF)]
                    ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)]
                    ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)]
                    ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)]
                    ^ t[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = t[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        state = crc
    }

    /// Eight 256-entry tables, flattened: table k gives the CRC of a byte followed by k zero bytes.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
            table[byte] = crc
        }
        for byte in 0..<256 {
            var crc = table[byte]
            for slice in 1..<8 {
                crc = table[Int(crc & 0xFF)] ^ (crc >> 8)
                table[slice * 256 + byte] = crc
            }
        }
        return table
    }()
}
