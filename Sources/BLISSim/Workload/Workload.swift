/// What the simulation serves: a synthetic spec or a replayed trace.
public enum Workload: Sendable, Hashable {
  case synthetic(WorkloadSpec)
  case trace(TraceWorkload)

  /// Requests the workload will produce, when known in advance.
  public var expectedRequestCount: Int? {
    switch self {
    case .synthetic(let spec): return spec.expectedRequestCount
    case .trace(let t): return t.count
    }
  }

  /// The clients gating the requests, if the workload is a closed loop.
  public var closedLoop: ClosedLoop? {
    switch self {
    case .synthetic(let spec): return spec.closedLoop
    case .trace(let t): return t.closedLoop
    }
  }

  /// The workload's own seed, if it declares one.
  public var seed: UInt64? {
    if case .synthetic(let s) = self { return s.seed }
    return nil
  }
}

/// Streams a workload's requests in arrival order, one at a time (O(1) memory for synthetic
/// workloads).
public struct WorkloadGenerator: Sendable, IteratorProtocol {
  private enum Source: Sendable {
    case synthetic(SyntheticRequestStream)
    case trace(TraceWorkload, next: Int)
  }
  private var source: Source

  /// `seed` is used when a synthetic spec has none.
  public init(_ workload: Workload, seed: UInt64) {
    switch workload {
    case .synthetic(let spec): source = .synthetic(SyntheticRequestStream(spec: spec, seed: spec.seed ?? seed))
    case .trace(let t): source = .trace(t, next: 0)
    }
  }

  public mutating func next() -> WorkloadRequest? {
    switch source {
    case .synthetic(var stream):
      let r = stream.next()
      source = .synthetic(stream)
      return r
    case .trace(let t, let i):
      guard i < t.count else { return nil }
      source = .trace(t, next: i + 1)
      return t.request(at: i)
    }
  }
}
