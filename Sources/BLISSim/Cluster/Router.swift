/// The routing policy's state and decision. It sees only `InstanceSnapshot` values and the
/// request's prompt block hashes (never its output length).
///
/// Ties between equally good instances are broken uniformly at random with the seeded
/// `router` stream (HEAD behaviour; the reference picks the first, which piles low-load traffic
/// onto instance 0).
struct Router: Sendable {
  let policy: RoutingPolicy
  private var nextRoundRobin = 0
  private var rng: SeededGenerator
  private var prefixIndex: PrefixIndex?
  private var scores: [Double] = []
  /// Whether `route` reads the prompt's block hashes (so the caller computes them only then).
  /// Stored, like `readsSnapshots`: the caller asks for every request.
  let needsPrefixHashes: Bool
  /// Whether `route` reads the instances' snapshots (round-robin does not: the caller need not
  /// refresh them).
  let readsSnapshots: Bool

  init(policy: RoutingPolicy, instances: Int, streams: RandomStreams) {
    self.policy = policy
    rng = streams.generator(named: "router")
    switch policy {
    case .prefixAffinity: needsPrefixHashes = true
    case .weighted(let scorers): needsPrefixHashes = scorers.contains { $0.scorer == .prefixAffinity }
    default: needsPrefixHashes = false
    }
    if case .roundRobin = policy { readsSnapshots = false } else { readsSnapshots = true }
    if needsPrefixHashes { prefixIndex = PrefixIndex(instances: instances) }
  }

  /// Picks an instance index for a request whose full prompt blocks hash to `blockHashes`.
  mutating func route(blockHashes: [UInt64], among instances: [InstanceSnapshot]) -> Int {
    let n = instances.count
    let chosen: Int
    switch policy {
    case .roundRobin:
      // `nextRoundRobin` stays in 0..<n: a wrap-around instead of two divisions per request.
      chosen = nextRoundRobin < n ? nextRoundRobin : 0
      nextRoundRobin = chosen + 1 < n ? chosen + 1 : 0
    case .leastOutstandingRequests:
      chosen = pickMax(n) { -Double(instances[$0].outstandingRequests) }
    case .leastKVUsage:
      chosen = pickMax(n) { -instances[$0].kvUtilization }
    case .prefixAffinity:
      let index = prefixIndex!
      chosen = pickMax(n) {
        Double(index.matchedBlocks(blockHashes, instance: $0)) * 1e9 - Double(instances[$0].outstandingRequests)
      }
    case .weighted(let scorers):
      chosen = weightedChoice(scorers, blockHashes: blockHashes, instances: instances)
    }
    if prefixIndex != nil { prefixIndex!.touch(blockHashes, instance: chosen) }
    return chosen
  }

  private mutating func weightedChoice(_ scorers: [RoutingPolicy.WeightedScorer], blockHashes: [UInt64],
                                       instances: [InstanceSnapshot]) -> Int {
    let n = instances.count
    if scores.count != n { scores = Array(repeating: 0, count: n) }
    for i in 0..<n { scores[i] = 0 }
    let totalWeight = scorers.reduce(0) { $0 + $1.weight }
    let loads = instances.map(\.outstandingRequests)
    let minLoad = loads.min() ?? 0, maxLoad = loads.max() ?? 0
    for s in scorers {
      let w = s.weight / totalWeight
      for i in 0..<n {
        let score: Double
        switch s.scorer {
        case .queueDepth:
          score = maxLoad == minLoad ? 1 : Double(maxLoad - loads[i]) / Double(maxLoad - minLoad)
        case .kvUtilization: score = 1 - instances[i].kvUtilization
        case .loadBalance: score = 1 / (1 + Double(loads[i]))
        case .prefixAffinity:
          score = blockHashes.isEmpty
            ? 0 : Double(prefixIndex!.matchedBlocks(blockHashes, instance: i)) / Double(blockHashes.count)
        }
        scores[i] += w * min(1, max(0, score))
      }
    }
    let snapshot = scores
    return pickMax(n) { snapshot[$0] }
  }

  /// Index with the highest value; exact ties are broken uniformly with the router stream.
  private mutating func pickMax(_ n: Int, _ value: (Int) -> Double) -> Int {
    var best = 0
    var bestValue = value(0)
    var ties = 1
    for i in 1..<max(n, 1) {
      let v = value(i)
      if v > bestValue {
        best = i; bestValue = v; ties = 1
      } else if v == bestValue {
        ties += 1
        if rng.next() % UInt64(ties) == 0 { best = i }  // reservoir sampling over the ties
      }
    }
    return best
  }
}
