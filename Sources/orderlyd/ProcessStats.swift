// The standard process_* metrics from /proc/self: resident memory, CPU time, open descriptors,
// start time and the descriptor limit (what the Prometheus client libraries export).
import Glibc

/// One reading of this process's resource use.
struct ProcessStats {
    var residentBytes = 0
    var virtualBytes = 0
    var cpuSeconds = 0.0
    var openFDs = 0
    var maxFDs = 0
    var startTimeSeconds = 0.0

    /// Reads /proc/self now.
    static func read() -> ProcessStats {
        var stats = ProcessStats()
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        if let statm = file("/proc/self/statm")?.split(separator: " "), statm.count >= 2 {
            stats.virtualBytes = (Int(statm[0]) ?? 0) * page
            stats.residentBytes = (Int(statm[1]) ?? 0) * page
        }
        // Fields after the ")" that ends the command name: utime is 14th, stime 15th, starttime
        // 22nd field of the whole line (11th, 12th and 19th after the state field).
        if let stat = file("/proc/self/stat"), let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 19 {
                stats.cpuSeconds = (Double(fields[11]) ?? 0) / ticks + (Double(fields[12]) ?? 0) / ticks
                let bootTime = Self.bootTime()
                stats.startTimeSeconds = bootTime + (Double(fields[19]) ?? 0) / ticks
            }
        }
        stats.openFDs = Self.countEntries("/proc/self/fd")
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 { stats.maxFDs = Int(limit.rlim_cur) }
        return stats
    }

    private static func bootTime() -> Double {
        guard let text = file("/proc/stat") else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6)) ?? 0
        }
        return 0
    }

    private static func countEntries(_ path: String) -> Int {
        guard let dir = opendir(path) else { return 0 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(2)) }
            if name[0] == UInt8(ascii: ".") && (name[1] == 0 || name[1] == UInt8(ascii: ".")) { continue }
            count += 1
        }
        return count - 1  // the descriptor opendir itself holds
    }

    private static func file(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk.prefix(count))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
