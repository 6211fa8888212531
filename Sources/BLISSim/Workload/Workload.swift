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
  /// At most one source is set (none: a replay). Kept as optionals rather than an enum with
  /// payloads: a payload cannot be mutated in place, so every `next()` would copy the whole
  /// stream (its spec included) out of the enum and back.
  private var synthetic: SyntheticRequestStream?
  private var trace: TraceWorkload?
  /// Requests generated earlier, replayed (`init(replaying:from:)`).
  private var replayed: [WorkloadRequest] = []
  private var nextIndex = 0

  /// `seed` is used when a synthetic spec has none. `draws` made for this workload at another
  /// rate are read instead of drawing again (same requests; ignored when they do not serve it).
  public init(_ workload: Workload, seed: UInt64, draws: WorkloadDraws? = nil) {
    switch workload {
    case .synthetic(let spec): synthetic = SyntheticRequestStream(spec: spec, seed: spec.seed ?? seed, draws: draws)
    case .trace(let t): trace = t
    }
  }

  /// Replays `requests` (a workload's sequence generated before) from index `start`.
  init(replaying requests: [WorkloadRequest], from start: Int) {
    replayed = requests
    nextIndex = start
  }

  public mutating func next() -> WorkloadRequest? {
    if synthetic != nil { return synthetic!.next() }
    if let t = trace {
      guard nextIndex < t.count else { return nil }
      nextIndex += 1
      return t.request(at: nextIndex - 1)
    }
    guard nextIndex < replayed.count else { return nil }
    nextIndex += 1
    return replayed[nextIndex - 1]
  }
}
