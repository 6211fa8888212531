/// A synthetic workload's first requests with everything random that does not depend on the
/// arrival rate already drawn: each request's lengths and prompt identity, and the raw draws of
/// the gaps between arrivals (`ArrivalProcess.drawGap`).
///
/// A capacity search probes one workload at ten or so rates with the same seed, so every probe
/// draws the same lengths and gap draws, only spaced differently (`RunPlan.probing`). Drawing
/// them (logarithms, cosines, square roots) was ~10 % of a search. With these draws a probe's
/// stream (`SyntheticRequestStream`) reads them instead and computes only its arrival times, from
/// the same expressions; after the last drawn request it continues from the generators' states at
/// that point. Its requests are therefore identical to a stream without draws, at any rate and
/// any count.
///
/// The draws serve a spec only if it equals the one they were made from except for its stages'
/// rates and durations and its request count, every stage has the same arrival process, and the
/// seed is the same (`serves`); otherwise a stream ignores them.
public struct WorkloadDraws: Sendable {
  /// The spec drawn from, with its stages and request count cleared (`rateFree`).
  let rateFreeSpec: WorkloadSpec
  let seed: UInt64
  /// The arrival process of every stage.
  let process: ArrivalProcess
  /// The first requests, arrival times 0.
  let requests: [WorkloadRequest]
  /// Raw gap draws in the order the stream makes them (empty for a constant process).
  let gapDraws: [Double]
  /// The streams' generators after these draws.
  let arrivalsAfter: SeededGenerator
  let promptLengthsAfter: SeededGenerator
  let outputLengthsAfter: SeededGenerator

  /// Draws for the first `count` requests of `workload` (seed: the workload's own, else
  /// `seed`); nil for a trace, an empty count, or stages with different arrival processes.
  public init?(_ workload: Workload, seed: UInt64, count: Int) {
    guard case .synthetic(let spec) = workload, count > 0, let process = Self.commonProcess(of: spec) else { return nil }
    let seed = spec.seed ?? seed
    // Lengths and prompts come from their own streams, whatever the arrivals: a constant process
    // produces them without drawing gaps, which are drawn below from the arrivals stream.
    var unbounded = spec
    unbounded.stages = [WorkloadStage(ratePerSecond: 1, durationSeconds: nil, arrival: .constant)]
    unbounded.numRequests = count
    var stream = SyntheticRequestStream(spec: unbounded, seed: seed)
    var requests: [WorkloadRequest] = []
    requests.reserveCapacity(count)
    while var request = stream.next() {
      request.arrival = .zero
      requests.append(request)
    }
    var arrivals = RandomStreams(masterSeed: seed).generator(named: SyntheticRequestStream.arrivalsStream)
    let gapDraws = process.drawsGaps ? (0..<count).map { _ in process.drawGap(using: &arrivals) } : []
    self.rateFreeSpec = Self.rateFree(spec)
    self.seed = seed
    self.process = process
    self.requests = requests
    self.gapDraws = gapDraws
    arrivalsAfter = arrivals
    (promptLengthsAfter, outputLengthsAfter) = stream.lengthGenerators
  }

  /// Whether a stream of `spec` with `seed` may read these draws (see the type's comment).
  func serves(_ spec: WorkloadSpec, seed: UInt64) -> Bool {
    seed == self.seed && Self.commonProcess(of: spec) == process && Self.rateFree(spec) == rateFreeSpec
  }

  /// The arrival process shared by every stage; nil when stages differ (their draws would then
  /// depend on where the stage boundaries fall, i.e. on the rates).
  static func commonProcess(of spec: WorkloadSpec) -> ArrivalProcess? {
    let processes = spec.stages.map { $0.arrival ?? spec.arrival }
    guard let first = processes.first ?? Optional(spec.arrival) else { return nil }
    return processes.allSatisfy { $0 == first } ? first : nil
  }

  /// `spec` without what a probe changes: its stages and request count.
  static func rateFree(_ spec: WorkloadSpec) -> WorkloadSpec {
    var s = spec
    s.stages = []
    s.numRequests = nil
    return s
  }
}
