// The two output streams: results on stdout (parseable), diagnostics, progress and live status
// on stderr. Written with write(2) directly (no stdio buffer), so watch lines reach a pipe as
// they happen and nothing is lost when Ctrl-C ends the process.
#if canImport(Glibc)
import Glibc
#endif

/// Writes lines to stdout and stderr.
enum Terminal {
    /// A result line on stdout.
    static func output(_ text: String) {
        write(1, text + "\n")
    }

    /// A stream event line on stdout.
    static func live(_ text: String) {
        write(1, text + "\n")
    }

    /// An error or notice line on stderr.
    static func error(_ text: String) {
        write(2, text + "\n")
    }

    /// A progress line on stderr that overwrites itself on a terminal.
    static func progress(_ text: String) {
        write(2, isatty(2) != 0 ? "\r\u{1B}[K" + text : text + "\n")
    }

    /// Ends a progress line (on a terminal the cursor is still on it).
    static func endProgress() {
        if isatty(2) != 0 { write(2, "\n") }
    }

    /// Makes Ctrl-C (and a closed pipe) end a watch quietly with status 0.
    static func exitOnInterrupt() {
        signal(SIGINT) { _ in _exit(0) }
        signal(SIGPIPE) { _ in _exit(0) }
    }

    /// Writes all of `text`, retrying short writes and EINTR; gives up silently on other errors
    /// (a closed stdout must not turn into a crash).
    private static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
