/// A point in simulated time, in integer microseconds since the start of the run.
///
/// Points and intervals are distinct types: `SimTime + SimDuration` is a `SimTime`,
/// `SimTime - SimTime` is a `SimDuration`, and two points cannot be added.
///
/// Arithmetic and conversions from floating point saturate at the ends of the Int64 range
/// (≈ ±292,000 years) instead of trapping: no input can crash the clock, and a time that
/// saturated is later than every real event. Parsing keeps user times far below the ends.
public struct SimTime: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
  /// Microseconds since the start of the simulation.
  public var microseconds: Int64

  @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

  /// The start of every run.
  public static let zero = SimTime(microseconds: 0)
  /// A time later than any event (the default horizon).
  public static let distantFuture = SimTime(microseconds: .max)

  /// Builds a point from seconds (rounded down to the microsecond, saturating; NaN is 0).
  @inlinable public init(seconds: Double) { self.microseconds = saturatingMicroseconds((seconds * 1e6).rounded(.down)) }

  /// Seconds since the start, as a floating-point value (for output only).
  @inlinable public var seconds: Double { Double(microseconds) / 1e6 }

  @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.microseconds < b.microseconds }
  @inlinable public static func + (t: SimTime, d: SimDuration) -> SimTime {
    SimTime(microseconds: saturatingSum(t.microseconds, d.microseconds))
  }
  @inlinable public static func += (t: inout SimTime, d: SimDuration) { t = t + d }
  @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration {
    SimDuration(microseconds: saturatingSum(a.microseconds, saturatingNegation(b.microseconds)))
  }
  public var description: String { "t=\(microseconds)µs" }
}

/// An interval of simulated time, in integer microseconds (saturating, like `SimTime`).
public struct SimDuration: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
  /// Length of the interval in microseconds.
  public var microseconds: Int64

  @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }
  public static let zero = SimDuration(microseconds: 0)
  /// The longest interval (Int64.max µs).
  public static let max = SimDuration(microseconds: .max)

  /// Builds an interval from a floating-point microsecond count, truncated toward zero (the
  /// reference's `int64(x)` conversion), saturating at the ends of the range; NaN is 0.
  @inlinable @inline(__always) public init(truncatingMicroseconds value: Double) {
    // `Int64(_:)` (inside) truncates toward zero itself: no `rounded(.towardZero)` (a libm call).
    self.microseconds = saturatingMicroseconds(value)
  }

  /// An interval of `value` microseconds when it is finite and within range, else nil (for
  /// callers that must report the value instead of clamping it).
  @inlinable public init?(checkedMicroseconds value: Double) {
    guard value.isFinite, value > -9.2e18, value < 9.2e18 else { return nil }
    self.microseconds = Int64(value.rounded(.towardZero))
  }

  @inlinable public static func seconds(_ s: Double) -> SimDuration { SimDuration(truncatingMicroseconds: s * 1e6) }
  @inlinable public static func milliseconds(_ ms: Double) -> SimDuration { SimDuration(truncatingMicroseconds: ms * 1e3) }

  @inlinable public var seconds: Double { Double(microseconds) / 1e6 }
  @inlinable public var milliseconds: Double { Double(microseconds) / 1e3 }

  @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.microseconds < b.microseconds }
  @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration {
    SimDuration(microseconds: saturatingSum(a.microseconds, b.microseconds))
  }
  @inlinable public static func += (a: inout SimDuration, b: SimDuration) { a = a + b }
  @inlinable public static func - (a: SimDuration, b: SimDuration) -> SimDuration {
    SimDuration(microseconds: saturatingSum(a.microseconds, saturatingNegation(b.microseconds)))
  }
  @inlinable public static func * (a: SimDuration, n: Int) -> SimDuration {
    let (product, overflow) = a.microseconds.multipliedReportingOverflow(by: Int64(n))
    guard overflow else { return SimDuration(microseconds: product) }
    return SimDuration(microseconds: (a.microseconds < 0) != (n < 0) ? .min : .max)
  }
  public var description: String { "\(microseconds)µs" }
}

/// `value` as Int64 microseconds, truncated toward zero and clamped to the range; NaN is 0.
@inlinable @inline(__always) func saturatingMicroseconds(_ value: Double) -> Int64 {
  // In range (NaN is not): the conversion truncates toward zero. Forced inline: it runs several
  // times per engine step.
  if value.magnitude < 9.223372036854775e18 { return Int64(value) }
  if value.isNaN { return 0 }
  return value > 0 ? .max : .min
}

/// `value.rounded()` (to nearest, halves away from zero) without the libm call the standard
/// library makes for it: exact, since below 2^52 a double's integer part and fraction are exact
/// (above, it is already an integer; NaN and infinities come back unchanged).
@inlinable @inline(__always) func roundedHalfAwayFromZero(_ value: Double) -> Double {
  guard value.magnitude < 4_503_599_627_370_496 else { return value }
  let whole = Double(Int64(value))
  let fraction = value - whole
  // Without a branch (the fraction is as good as random, so a branch would mispredict half the
  // time): 2 × fraction truncates to 1 from +0.5 up, to −1 from −0.5 down, else to 0, exactly.
  return whole + Double(Int64(fraction * 2))
}

@inlinable func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
  let (sum, overflow) = a.addingReportingOverflow(b)
  guard overflow else { return sum }
  return b > 0 ? .max : .min
}

@inlinable func saturatingNegation(_ a: Int64) -> Int64 { a == .min ? .max : -a }
