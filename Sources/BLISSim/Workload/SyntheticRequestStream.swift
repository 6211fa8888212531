/// Generates a `WorkloadSpec`'s requests lazily, in arrival order.
///
/// Named random streams (from the workload seed): `arrivals` (gaps), `prompt-tokens`,
/// `output-tokens`. With shared prefixes, a prompt's question length is drawn from a generator
/// seeded by the prompt's index, so a repeated prompt is identical.
struct SyntheticRequestStream: Sendable {
  let spec: WorkloadSpec
  let seed: UInt64
  private var arrivals: SeededGenerator
  private var promptLengths: SeededGenerator
  private var outputLengths: SeededGenerator
  private var produced = 0
  private var stage = 0
  /// Start of the current stage, µs.
  private var stageStartMicros: Double = 0
  /// Arrivals already produced in the current stage.
  private var inStage = 0
  /// Time of the previous arrival in this stage, µs.
  private var lastMicros: Double = 0

  init(spec: WorkloadSpec, seed: UInt64) {
    self.spec = spec
    self.seed = seed
    let streams = RandomStreams(masterSeed: seed)
    arrivals = streams.generator(named: "arrivals")
    promptLengths = streams.generator(named: "prompt-tokens")
    outputLengths = streams.generator(named: "output-tokens")
  }

  mutating func next() -> WorkloadRequest? {
    if let cap = spec.numRequests, produced >= cap { return nil }
    guard let t = nextArrivalMicros() else { return nil }
    let id = produced
    produced += 1
    let output = spec.outputTokens.sample(using: &outputLengths)
    if let shared = spec.sharedPrefix {
      let prompts = shared.groups * shared.promptsPerGroup
      let k = id % prompts
      var own = SeededGenerator(seed: StableHash.combine(seed, UInt64(k)))
      let question = spec.promptTokens.sample(using: &own)
      return WorkloadRequest(id: id, arrival: SimTime(microseconds: saturatingMicroseconds(t)), inputTokens: shared.prefixTokens + question,
                             outputTokens: output, prefixGroup: k / shared.promptsPerGroup,
                             prefixTokens: shared.prefixTokens,
                             promptSeed: StableHash.combine(seed ^ 0x5052_4F4D_5054, UInt64(k)))
    }
    let input = spec.promptTokens.sample(using: &promptLengths)
    return WorkloadRequest(id: id, arrival: SimTime(microseconds: saturatingMicroseconds(t)), inputTokens: input, outputTokens: output,
                           prefixGroup: -1, prefixTokens: 0,
                           promptSeed: StableHash.combine(seed ^ 0x0051_4E49_5155, UInt64(id)))
  }

  /// Next arrival time (µs, fractional), moving through stages; nil after the last stage.
  private mutating func nextArrivalMicros() -> Double? {
    while stage < spec.stages.count {
      let s = spec.stages[stage]
      let process = s.arrival ?? spec.arrival
      let meanGap = 1e6 / s.ratePerSecond
      let t: Double
      switch process {
      case .constant:
        t = stageStartMicros + Double(inStage) * meanGap
      case .poisson:
        t = (inStage == 0 ? stageStartMicros : lastMicros) + arrivals.nextExponential() * meanGap
      case .gamma(let cv):
        let shape = 1 / (cv * cv)
        let gap = shape < 0.01 ? arrivals.nextExponential() * meanGap : arrivals.nextGamma(shape: shape) * meanGap * cv * cv
        t = (inStage == 0 ? stageStartMicros : lastMicros) + gap
      }
      if let d = s.durationSeconds, t >= stageStartMicros + d * 1e6 {
        stageStartMicros += d * 1e6
        stage += 1
        inStage = 0
        continue
      }
      inStage += 1
      lastMicros = t
      return t.rounded(.down)
    }
    return nil
  }
}
