// One IANA time zone's UTC offsets, read from a TZif file (RFC 8536): the version 2+ 64-bit
// transition table, and past its last transition the POSIX TZ rule of the file's footer (e.g.
// "CET-1CEST,M3.5.0,M10.5.0/3"), so dates after 2037 and "slim" tzdata builds both work.

/// The offsets of one time zone, immutable once read.
public final class ZoneRules: Sendable {
    /// The IANA name, e.g. "Europe/Berlin" ("UTC" for the empty name).
    public let name: String
    /// Transition instants (Unix seconds), ascending.
    private let transitions: [Int64]
    /// UTC offset in seconds in force from each transition on.
    private let offsets: [Int32]
    /// Offset before the first transition.
    private let initialOffset: Int32
    /// Rule for instants after the last transition (nil: the last offset stays).
    private let footer: PosixZoneRule?

    /// UTC itself.
    public static let utc = ZoneRules(name: "UTC", transitions: [], offsets: [], initialOffset: 0, footer: nil)

    init(name: String, transitions: [Int64], offsets: [Int32], initialOffset: Int32, footer: PosixZoneRule?) {
        self.name = name
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.footer = footer
    }

    /// Seconds east of UTC at the instant `unixSeconds`.
    public func offset(atUTC unixSeconds: Int64) -> Int32 {
        if let last = transitions.last, unixSeconds >= last, let footer { return footer.offset(atUTC: unixSeconds) }
        if transitions.isEmpty { return footer?.offset(atUTC: unixSeconds) ?? initialOffset }
        // The last transition at or before the instant.
        var lo = 0
        var hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid] <= unixSeconds { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? initialOffset : offsets[lo - 1]
    }

    /// The instant at which the wall clock of this zone shows `localSeconds` (seconds since
    /// 1970-01-01T00:00 local). In a gap (clocks jump forward) the time is read with the offset
    /// before the jump, so it lands after the gap; in an overlap the earlier instant is taken.
    public func utc(fromLocal localSeconds: Int64) -> Int64 {
        // The offset a little before and after bounds the answer: try the earlier one first.
        let before = Int64(offset(atUTC: localSeconds - 86_400))
        let after = Int64(offset(atUTC: localSeconds + 86_400))
        let candidates = before <= after ? [after, before] : [before, after]
        for off in candidates where Int64(offset(atUTC: localSeconds - off)) == off {
            // Earliest instant in an overlap: the larger offset gives the earlier UTC time.
            return localSeconds - off
        }
        return localSeconds - before
    }
}

/// A POSIX TZ rule string ("EST5EDT,M3.2.0,M11.1.0"): standard offset, optional daylight offset
/// and the two yearly switch dates (Mm.w.d, Jn or n forms) with their local times.
struct PosixZoneRule: Sendable {
    /// Seconds east of UTC in standard and daylight time.
    var standard: Int32
    var daylight: Int32?
    var start: SwitchDate?
    var end: SwitchDate?

    struct SwitchDate: Sendable {
        enum Day: Sendable {
            case month(month: Int, week: Int, weekday: Int)
            case julianNoLeap(Int)
            case zeroBased(Int)
        }
        var day: Day
        /// Seconds after local midnight (may be negative or above 24 h).
        var time: Int64

        /// Local seconds since the epoch of the switch in `year`, measured in the offset before it.
        func localSeconds(in year: Int) -> Int64 {
            let days: Int64
            switch day {
            case .julianNoLeap(let n):
                var d = Int64(n - 1)
                if CivilDate.isLeap(year) && n >= 60 { d += 1 }
                days = CivilDate.daysFromCivil(year, 1, 1) + d
            case .zeroBased(let n):
                days = CivilDate.daysFromCivil(year, 1, 1) + Int64(n)
            case .month(let month, let week, let weekday):
                let first = CivilDate.daysFromCivil(year, month, 1)
                let firstWeekday = Int(CivilDate.weekday(first))
                var d = first + Int64((weekday - firstWeekday + 7) % 7) + Int64(week - 1) * 7
                let length = Int64(CivilDate.daysInMonth(year, month))
                while d >= first + length { d -= 7 }
                days = d
            }
            return days * 86_400 + time
        }
    }

    func offset(atUTC t: Int64) -> Int32 {
        guard let daylight, let start, let end else { return standard }
        let year = CivilDate.fromDays(CivilDate.floorDiv(t + Int64(standard), 86_400)).year
        // Switch instants in UTC: daylight starts in standard time, ends in daylight time.
        let on = start.localSeconds(in: year) - Int64(standard)
        let off = end.localSeconds(in: year) - Int64(daylight)
        if on < off { return t >= on && t < off ? daylight : standard }
        // Southern hemisphere: daylight time spans the new year.
        return t >= off && t < on ? standard : daylight
    }

    /// Parses a footer; nil when it is not a rule this parser understands.
    static func parse(_ text: String) -> PosixZoneRule? {
        var s = Substring(text)
        guard skipName(&s), let std = parseOffset(&s) else { return nil }
        var rule = PosixZoneRule(standard: Int32(clamping: -std))
        if s.isEmpty { return rule }
        guard skipName(&s) else { return nil }
        var dst = std - 3600
        if let first = s.first, first != "," { guard let o = parseOffset(&s) else { return nil }; dst = o }
        rule.daylight = Int32(clamping: -dst)
        guard s.first == "," else { return s.isEmpty ? rule : nil }
        s.removeFirst()
        guard let start = parseSwitch(&s), s.first == "," else { return nil }
        s.removeFirst()
        guard let end = parseSwitch(&s), s.isEmpty else { return nil }
        rule.start = start
        rule.end = end
        return rule
    }

    private static func skipName(_ s: inout Substring) -> Bool {
        if s.first == "<" {
            guard let close = s.firstIndex(of: ">") else { return false }
            s = s[s.index(after: close)...]
            return true
        }
        let name = s.prefix { $0.isLetter }
        guard name.count >= 3 else { return false }
        s = s.dropFirst(name.count)
        return true
    }

    /// "[+-]hh[:mm[:ss]]" as seconds (POSIX sign: positive is west of Greenwich).
    private static func parseOffset(_ s: inout Substring) -> Int64? {
        var sign: Int64 = 1
        if s.first == "+" { s.removeFirst() } else if s.first == "-" { sign = -1; s.removeFirst() }
        guard let t = parseClock(&s) else { return nil }
        return sign * t
    }

    private static func parseClock(_ s: inout Substring) -> Int64? {
        var parts: [Int64] = []
        while parts.count < 3 {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let v = Int64(digits) else { return parts.isEmpty ? nil : nil }
            parts.append(v)
            s = s.dropFirst(digits.count)
            guard s.first == ":" else { break }
            s.removeFirst()
        }
        guard !parts.isEmpty else { return nil }
        return parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
    }

    private static func parseSwitch(_ s: inout Substring) -> SwitchDate? {
        var day: SwitchDate.Day
        func number(_ s: inout Substring) -> Int? {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            s = s.dropFirst(digits.count)
            return Int(digits)
        }
        if s.first == "M" {
            s.removeFirst()
            guard let m = number(&s), s.first == "." else { return nil }
            s.removeFirst()
            guard let w = number(&s), s.first == "." else { return nil }
            s.removeFirst()
            guard let d = number(&s), (1...12).contains(m), (1...5).contains(w), (0...6).contains(d) else { return nil }
            day = .month(month: m, week: w, weekday: d)
        } else if s.first == "J" {
            s.removeFirst()
            guard let n = number(&s), (1...365).contains(n) else { return nil }
            day = .julianNoLeap(n)
        } else {
            guard let n = number(&s), (0...365).contains(n) else { return nil }
            day = .zeroBased(n)
        }
        var time: Int64 = 7200
        if s.first == "/" {
            s.removeFirst()
            guard let t = parseOffset(&s) else { return nil }
            time = t
        }
        return SwitchDate(day: day, time: time)
    }
}

/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01).
public enum CivilDate {
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    /// Day number of a civil date (H. Hinnant's algorithm).
    public static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number.
    public static func fromDays(_ z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    /// 0 = Sunday ... 6 = Saturday.
    static func weekday(_ days: Int64) -> Int64 {
        let w = (days + 4) % 7
        return w < 0 ? w + 7 : w
    }
}
