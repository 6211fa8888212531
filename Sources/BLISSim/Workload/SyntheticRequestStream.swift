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
  /// The current stage's arrival process, mean gap and length (µs; nil = unbounded), read from
  /// the spec once per stage rather than once per request.
  private var stageProcess: ArrivalProcess = .poisson
  private var stageMeanGapMicros: Double = 0
  private var stageDurationMicros: Double?
  /// The lengths of constant distributions: a constant draws no random number, so it is read once.
  private let constantPromptTokens: Int?
  private let constantOutputTokens: Int?

  init(spec: WorkloadSpec, seed: UInt64) {
    self.spec = spec
    self.seed = seed
    let streams = RandomStreams(masterSeed: seed)
    arrivals = streams.generator(named: "arrivals")
    promptLengths = streams.generator(named: "prompt-tokens")
    outputLengths = streams.generator(named: "output-tokens")
    constantPromptTokens = spec.promptTokens.constantSample
    constantOutputTokens = spec.outputTokens.constantSample
    enterStage()
  }

  /// Reads the current stage's parameters (if any stage is left).
  private mutating func enterStage() {
    guard stage < spec.stages.count else { return }
    let s = spec.stages[stage]
    stageProcess = s.arrival ?? spec.arrival
    stageMeanGapMicros = 1e6 / s.ratePerSecond
    stageDurationMicros = s.durationSeconds.map { $0 * 1e6 }
  }

  mutating func next() -> WorkloadRequest? {
    if let cap = spec.numRequests, produced >= cap { return nil }
    guard let t = nextArrivalMicros() else { return nil }
    let id = produced
    produced += 1
    let output = constantOutputTokens ?? spec.outputTokens.sample(using: &outputLengths)
    if let shared = spec.sharedPrefix {
      let prompts = shared.groups * shared.promptsPerGroup
      let k = id % prompts
      let question: Int
      if let constant = constantPromptTokens {
        question = constant
      } else {
        var own = SeededGenerator(seed: StableHash.combine(seed, UInt64(k)))
        question = spec.promptTokens.sample(using: &own)
      }
      return WorkloadRequest(id: id, arrival: SimTime(microseconds: saturatingMicroseconds(t)), inputTokens: shared.prefixTokens + question,
                             outputTokens: output, prefixGroup: k / shared.promptsPerGroup,
                             prefixTokens: shared.prefixTokens,
                             promptSeed: StableHash.combine(seed ^ 0x5052_4F4D_5054, UInt64(k)))
    }
    let input = constantPromptTokens ?? spec.promptTokens.sample(using: &promptLengths)
    return WorkloadRequest(id: id, arrival: SimTime(microseconds: saturatingMicroseconds(t)), inputTokens: input, outputTokens: output,
                           prefixGroup: -1, prefixTokens: 0,
                           promptSeed: StableHash.combine(seed ^ 0x0051_4E49_5155, UInt64(id)))
  }

  /// Next arrival time (µs, fractional), moving through stages; nil after the last stage.
  private mutating func nextArrivalMicros() -> Double? {
    while stage < spec.stages.count {
      let meanGap = stageMeanGapMicros
      let t: Double
      switch stageProcess {
      case .constant:
        t = stageStartMicros + Double(inStage) * meanGap
      case .poisson:
        t = (inStage == 0 ? stageStartMicros : lastMicros) + arrivals.nextExponential() * meanGap
      case .gamma(let cv):
        let shape = 1 / (cv * cv)
        let gap = shape < 0.01 ? arrivals.nextExponential() * meanGap : arrivals.nextGamma(shape: shape) * meanGap * cv * cv
        t = (inStage == 0 ? stageStartMicros : lastMicros) + gap
      }
      if let duration = stageDurationMicros, t >= stageStartMicros + duration {
        stageStartMicros += duration
        stage += 1
        inStage = 0
        enterStage()
        continue
      }
      inStage += 1
      lastMicros = t
      return t.rounded(.down)
    }
    return nil
  }
}
