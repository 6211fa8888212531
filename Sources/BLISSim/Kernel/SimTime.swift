/// A point in simulated time, in integer microseconds since the start of the run.
///
/// Points and intervals are distinct types: `SimTime + SimDuration` is a `SimTime`,
/// `SimTime - SimTime` is a `SimDuration`, and two points cannot be added.
public struct SimTime: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
  /// Microseconds since the start of the simulation.
  public var microseconds: Int64

  @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

  /// The start of every run.
  public static let zero = SimTime(microseconds: 0)
  /// A time later than any event (the default horizon).
  public static let distantFuture = SimTime(microseconds: .max)

  /// Builds a point from seconds (rounded down to the microsecond).
  @inlinable public init(seconds: Double) { self.microseconds = Int64((seconds * 1e6).rounded(.down)) }

  /// Seconds since the start, as a floating-point value (for output only).
  @inlinable public var seconds: Double { Double(microseconds) / 1e6 }

  @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.microseconds < b.microseconds }
  @inlinable public static func + (t: SimTime, d: SimDuration) -> SimTime {
    SimTime(microseconds: t.microseconds &+ d.microseconds)
  }
  @inlinable public static func += (t: inout SimTime, d: SimDuration) { t = t + d }
  @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration {
    SimDuration(microseconds: a.microseconds - b.microseconds)
  }
  public var description: String { "t=\(microseconds)µs" }
}

/// An interval of simulated time, in integer microseconds.
public struct SimDuration: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
  /// Length of the interval in microseconds.
  public var microseconds: Int64

  @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }
  public static let zero = SimDuration(microseconds: 0)

  /// Builds an interval from a floating-point microsecond count, truncated toward zero
  /// (the reference's `int64(x)` conversion).
  @inlinable public init(truncatingMicroseconds value: Double) {
    self.microseconds = value.isFinite ? Int64(value) : 0
  }
  @inlinable public static func seconds(_ s: Double) -> SimDuration { SimDuration(microseconds: Int64(s * 1e6)) }
  @inlinable public static func milliseconds(_ ms: Double) -> SimDuration { SimDuration(microseconds: Int64(ms * 1e3)) }

  @inlinable public var seconds: Double { Double(microseconds) / 1e6 }
  @inlinable public var milliseconds: Double { Double(microseconds) / 1e3 }

  @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.microseconds < b.microseconds }
  @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration {
    SimDuration(microseconds: a.microseconds &+ b.microseconds)
  }
  @inlinable public static func += (a: inout SimDuration, b: SimDuration) { a = a + b }
  @inlinable public static func - (a: SimDuration, b: SimDuration) -> SimDuration {
    SimDuration(microseconds: a.microseconds - b.microseconds)
  }
  @inlinable public static func * (a: SimDuration, n: Int) -> SimDuration {
    SimDuration(microseconds: a.microseconds * Int64(n))
  }
  public var description: String { "\(microseconds)µs" }
}
