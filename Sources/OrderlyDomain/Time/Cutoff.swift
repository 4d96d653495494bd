// When a location hands an order to the carrier: the next cutoff at or after the order's
// creation on the location's wall clock, plus its handling days; and when a parcel arrives:
// that plus the carrier's transit days. Days are calendar days on the location's wall clock,
// so a cutoff stays at 15:00 local across a daylight-saving change.

/// A location's daily rhythm: its zone and cutoff.
public struct Cutoff: Sendable {
    /// The location's time zone.
    public var zone: ZoneRules
    /// Minutes after local midnight (0...1439).
    public var minuteOfDay: Int

    /// Creates a cutoff.
    public init(zone: ZoneRules, minuteOfDay: Int) {
        self.zone = zone
        self.minuteOfDay = minuteOfDay
    }

    /// "HH:MM" → minutes after midnight; "" = 23:59; nil when malformed.
    public static func minutes(_ text: String) -> Int? {
        if text.isEmpty { return 23 * 60 + 59 }
        let b = Array(text.utf8)
        guard b.count == 5, b[2] == 58, [0, 1, 3, 4].allSatisfy({ b[$0] >= 48 && b[$0] <= 57 }) else { return nil }
        let h = Int(b[0] - 48) * 10 + Int(b[1] - 48)
        let m = Int(b[3] - 48) * 10 + Int(b[4] - 48)
        guard h < 24, m < 60 else { return nil }
        return h * 60 + m
    }

    /// The local day number (days since 1970-01-01 on the location's wall clock) of `t`.
    public func localDay(_ t: Timestamp) -> Int64 {
        let s = t.seconds
        return CivilDate.floorDiv(s + Int64(zone.offset(atUTC: s)), 86_400)
    }

    /// The instant of the cutoff on local day `day`.
    public func cutoff(onDay day: Int64) -> Timestamp {
        Timestamp(seconds: zone.utc(fromLocal: day * 86_400 + Int64(minuteOfDay) * 60))
    }

    /// The first cutoff at or after `now`, as (local day, instant).
    public func nextCutoff(atOrAfter now: Timestamp) -> (day: Int64, at: Timestamp) {
        var day = localDay(now)
        var at = cutoff(onDay: day)
        if at < now {
            day += 1
            at = cutoff(onDay: day)
        }
        return (day, at)
    }

    /// ship_by: the next cutoff at or after `now` moved `handlingDays` local days on.
    public func shipBy(now: Timestamp, handlingDays: Int32) -> Timestamp {
        let next = nextCutoff(atOrAfter: now)
        return handlingDays == 0 ? next.at : cutoff(onDay: next.day + Int64(handlingDays))
    }

    /// `instant` moved `days` local calendar days on, at the same wall-clock time.
    public func adding(days: Int32, to instant: Timestamp) -> Timestamp {
        guard days != 0 else { return instant }
        let s = instant.seconds
        let local = s + Int64(zone.offset(atUTC: s))
        return Timestamp(seconds: zone.utc(fromLocal: local + Int64(days) * 86_400), nanos: instant.subsecondNanos)
    }
}
