// SnapshotFormat: the byte layout of a snapshot file, and reading one back with full checks.
//
// Snapshot file = header (40 bytes) + payload + CRC32C u32 of the payload.
// Header        = magic "ORDSNAP1" | version u32 | header size u32 | covered sequence u64 |
//                 payload length u64 | reserved u32 (0) | CRC32C u32 of the 36 bytes before it.
// Little-endian throughout. The payload is opaque: the store's serialized state.
#if canImport(Glibc)
import Glibc
#endif

/// A snapshot read back from disk: the sequence it covers and its payload.
public struct RecoveredSnapshot: Sendable, Equatable {
    /// Every journal record up to and including this sequence is reflected in the payload.
    public var sequence: UInt64
    /// The opaque bytes the store wrote.
    public var payload: [UInt8]
    /// The snapshot's file name within the data directory.
    public var file: String
}

enum SnapshotFormat {
    static let magic: [UInt8] = Array("ORDSNAP1".utf8)
    static let version: UInt32 = 1
    static let headerSize = 40
    static let trailerSize = 4

    static func encodeHeader(coveredSequence: UInt64, payloadLength: UInt64) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(UInt32(headerSize))
        bytes.appendLittleEndian(coveredSequence)
        bytes.appendLittleEndian(payloadLength)
        bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        return bytes
    }

    /// Reads and fully verifies the snapshot at `path`; throws `corruption` naming what is wrong.
    static func read(path: String, name: String) throws(DurabilityError) -> RecoveredSnapshot {
        do {
            let fd = try Syscall.open(path, O_RDONLY)
            defer { Syscall.close(fd) }
            let size = try Syscall.size(fd)
            let header = try Syscall.read(fd, count: headerSize, at: 0)
            let (sequence, length) = try decodeHeader(header, path: path)
            guard Int64(headerSize) + Int64(clamping: length) + Int64(trailerSize) == size else {
                throw DurabilityError.corruption(
                    file: path, offset: 0,
                    reason: "file is \(size) bytes but its header announces a \(length)-byte payload")
            }
            let payload = try Syscall.read(fd, count: Int(length), at: Int64(headerSize))
            let trailer = try Syscall.read(fd, count: trailerSize, at: Int64(headerSize) + Int64(length))
            let stored = trailer.withUnsafeBytes { $0.readLittleEndian(UInt32.self, at: 0) }
            guard payload.count == Int(length), stored == CRC32C.checksum(payload) else {
                throw DurabilityError.corruption(
                    file: path, offset: Int64(headerSize), reason: "snapshot payload checksum mismatch")
            }
            return RecoveredSnapshot(sequence: sequence, payload: payload, file: name)
        } catch let error as DurabilityError {
            throw error
        } catch let error as SystemError {
            throw DurabilityError.system(error)
        } catch {
            throw DurabilityError.corruption(file: path, offset: 0, reason: "\(error)")
        }
    }

    private static func decodeHeader(_ header: [UInt8], path: String) throws(DurabilityError) -> (UInt64, UInt64) {
        func damaged(_ reason: String) -> DurabilityError {
            .corruption(file: path, offset: 0, reason: reason)
        }
        guard header.count == headerSize else { throw damaged("file is shorter than a snapshot header") }
        guard header.prefix(8).elementsEqual(magic) else { throw damaged("bad magic, not a snapshot") }
        let bytes = HeaderBytes(header)
        let stored = bytes.readLittleEndian(UInt32.self, at: 36)
        guard stored == CRC32C.checksum(header[0..<36]) else {
            throw damaged("snapshot header checksum mismatch")
        }
        let version = bytes.readLittleEndian(UInt32.self, at: 8) ?? 0
        guard version == SnapshotFormat.version else {
            throw damaged("unsupported snapshot format version \(version) (this build reads \(SnapshotFormat.version))")
        }
        guard let sequence = bytes.readLittleEndian(UInt64.self, at: 16),
              let length = bytes.readLittleEndian(UInt64.self, at: 24)
        else { throw damaged("truncated snapshot header") }
        return (sequence, length)
    }
}
