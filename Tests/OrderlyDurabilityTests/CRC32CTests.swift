// CRC32CTests: the checksum against published CRC32C check values (RFC 3720 appendix B.4 and the
// "123456789" check), and incremental updates against one-shot ones.
import Testing
@testable import OrderlyDurability

struct CRC32CTests {
    static let vectors: [([UInt8], UInt32)] = [
        ([UInt8]("123456789".utf8), UInt32(0xE306_9283)),
        ([], 0),
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).map { UInt8(31 - $0) }, 0x113F_DB5C),
    ]

    @Test(arguments: vectors)
    func knownVectors(input: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(input) == expected)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 63, 500, 999])
    func incrementalUpdatesMatchOneShot(split: Int) {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var crc = CRC32C()
        crc.update(bytes[..<split])
        crc.update(bytes[split...])
        #expect(crc.value == CRC32C.checksum(bytes))
    }

    /// The CPU instruction and the table method agree on every length and alignment (on a CPU
    /// without the instruction both paths are the table, and this compares it with itself).
    @Test func instructionMatchesTable() {
        let bytes = (0..<4099).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        for start in 0..<9 {
            for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4090] where start + length <= bytes.count {
                bytes[start..<(start + length)].withUnsafeBytes { raw in
                    var fast = CRC32C()
                    fast.update(raw)
                    var table = CRC32C()
                    table.updateByTable(raw)
                    #expect(fast.value == table.value, "start \(start) length \(length)")
                }
            }
        }
    }
}
