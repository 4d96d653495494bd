// glibc's per-thread malloc cache (tcache) keeps only 7 free chunks per size class. A loop
// thread serving hundreds of concurrent calls frees its per-stream objects (ours and
// nghttp2's) in bursts of hundreds, so almost every allocation fell through to the slow path
// (_int_malloc/_int_free were ~20% of the server's CPU under h2load). glibc reads its tunables
// only from the environment at start-up, so orderlyd re-executes itself once with a larger
// cache unless the operator has set GLIBC_TUNABLES. The cache holds memory the server already
// used at its peak; it does not grow the peak.
import Glibc

/// Start-up tuning of the C allocator.
enum MallocTuning {
    /// The tunables orderlyd runs with unless GLIBC_TUNABLES is already set.
    static let tunables = "glibc.malloc.tcache_count=4096"

    /// Re-executes the process with `tunables` when GLIBC_TUNABLES is unset. Must run before any
    /// thread exists. Returns (continuing with glibc's defaults) if exec fails.
    static func applyByReexecutingIfNeeded() {
        guard getenv("GLIBC_TUNABLES") == nil else { return }
        guard setenv("GLIBC_TUNABLES", tunables, 1) == 0 else { return }
        // exec the real path, not /proc/self/exe: the kernel names the process after the file
        // exec'd, and `ps`, `top` and `ss` would show it as `exe`.
        _ = execv(executablePath() ?? "/proc/self/exe", CommandLine.unsafeArgv)
        // exec failed (no /proc?): run untuned, and do not leak the variable to children.
        unsetenv("GLIBC_TUNABLES")
    }

    /// The executable's resolved path (readlink of /proc/self/exe), nil if unreadable.
    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
