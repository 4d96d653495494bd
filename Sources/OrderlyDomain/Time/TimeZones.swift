// IANA time zones by name, from the system's tzdata (the TZif files under $TZDIR, by default
// the standard zoneinfo directory). Each zone is read once and cached; names are checked
// before they touch the file system, so a request cannot name a path outside the database.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time zone database.
public enum TimeZones {
    private static let cache = Locked<[String: ZoneRules]>([:])

    /// Where the TZif files are.
    static var directory: String {
        if let dir = getenv("TZDIR"), dir.pointee != 0 { return String(cString: dir) }
        return "/usr/share/zoneinfo"
    }

    /// The zone named `name` ("" and "UTC" are UTC); nil when the name is malformed or the
    /// database has no such zone.
    public static func named(_ name: String) -> ZoneRules? {
        if name.isEmpty || name == "UTC" { return .utc }
        guard isWellFormed(name) else { return nil }
        if let hit = cache.withLock({ $0[name] }) { return hit }
        guard let bytes = readFile(directory + "/" + name), let rules = TZif.parse(bytes, name: name) else { return nil }
        cache.withLock { $0[name] = rules }
        return rules
    }

    /// Area/Location names: letters, digits, "_", "-", "+" and "/"-separated parts, none "." or
    /// "..", nothing absolute.
    static func isWellFormed(_ name: String) -> Bool {
        guard name.utf8.count <= 64, !name.hasPrefix("/"), !name.hasSuffix("/") else { return false }
        for part in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.first != "." else { return false }
            for b in part.utf8 {
                let ok = (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57)
                    || b == 95 || b == 45 || b == 43
                if !ok { return false }
            }
        }
        return true
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4096, f) }
            if n > 0 { out.append(contentsOf: buffer[0..<n]) }
            if n < 4096 { break }
            if out.count > 1 << 20 { return nil }
        }
        return ferror(f) == 0 ? out : nil
    }
}

/// The TZif file format (RFC 8536).
enum TZif {
    /// Parses a TZif file; uses the 64-bit block of version 2+ files and the footer rule.
    static func parse(_ bytes: [UInt8], name: String) -> ZoneRules? {
        var p = 0
        func header(at offset: Int) -> (version: UInt8, counts: [Int])? {
            guard bytes.count >= offset + 44, bytes[offset..<(offset + 4)].elementsEqual("TZif".utf8) else { return nil }
            var counts: [Int] = []
            for k in 0..<6 {
                let at = offset + 20 + 4 * k
                counts.append(Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]))
            }
            return (bytes[offset + 4], counts)
        }
        // counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        guard let first = header(at: 0) else { return nil }
        func blockLength(_ c: [Int], _ timeSize: Int) -> Int {
            c[3] * timeSize + c[3] + c[4] * 6 + c[5] + c[2] * (timeSize + 4) + c[1] + c[0]
        }
        var counts = first.counts
        var timeSize = 4
        p = 44
        if first.version >= 0x32 {  // '2' or later: skip the 32-bit block
            p += blockLength(counts, 4)
            guard let second = header(at: p) else { return nil }
            counts = second.counts
            timeSize = 8
            p += 44
        }
        let timecnt = counts[3], typecnt = counts[4]
        guard typecnt > 0, bytes.count >= p + blockLength(counts, timeSize) else { return nil }
        func int(_ at: Int, _ size: Int) -> Int64 {
            var v: UInt64 = 0
            for k in 0..<size { v = v << 8 | UInt64(bytes[at + k]) }
            if size == 4 { return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: v))) }
            return Int64(bitPattern: v)
        }
        var transitions: [Int64] = []
        transitions.reserveCapacity(timecnt)
        for k in 0..<timecnt { transitions.append(int(p + k * timeSize, timeSize)) }
        p += timecnt * timeSize
        var typeIndex: [Int] = []
        for k in 0..<timecnt { typeIndex.append(Int(bytes[p + k])) }
        p += timecnt
        var typeOffsets: [Int32] = []
        for k in 0..<typecnt { typeOffsets.append(Int32(truncatingIfNeeded: int(p + k * 6, 4))) }
        let afterBlock = p + blockLength(counts, timeSize) - timecnt * (timeSize + 1)
        guard typeIndex.allSatisfy({ $0 < typecnt }) else { return nil }
        let offsets = typeIndex.map { typeOffsets[$0] }
        var footer: PosixZoneRule?
        if timeSize == 8, afterBlock < bytes.count, bytes[afterBlock] == 0x0A {
            let rest = bytes[(afterBlock + 1)...]
            if let end = rest.firstIndex(of: 0x0A) {
                let text = String(decoding: bytes[(afterBlock + 1)..<end], as: UTF8.self)
                footer = text.isEmpty ? nil : PosixZoneRule.parse(text)
            }
        }
        return ZoneRules(name: name, transitions: transitions, offsets: offsets,
                         initialOffset: typeOffsets[0], footer: footer)
    }
}
