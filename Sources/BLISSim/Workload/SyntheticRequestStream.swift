/// Generates a `WorkloadSpec`'s requests lazily, in arrival order.
///
/// Named random streams (from the workload seed): `arrivals` (gaps), `prompt-tokens`,
/// `output-tokens`. With shared prefixes, a prompt's question length is drawn from a generator
/// seeded by the prompt's index, so a repeated prompt is identical. Given `WorkloadDraws` that
/// serve its spec, it reads the draws made there (same values) instead of drawing them again.
struct SyntheticRequestStream: Sendable {
  /// Name of the stream the arrival gaps are drawn from.
  static let arrivalsStream = "arrivals"
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
  /// Requests and gap draws made before (`WorkloadDraws`; empty without), read while they last;
  /// the generators then start from their states after them.
  private let drawnRequests: [WorkloadRequest]
  private let drawnGaps: [Double]
  /// Drawn gaps taken so far.
  private var gapsTaken = 0

  init(spec: WorkloadSpec, seed: UInt64, draws: WorkloadDraws? = nil) {
    self.spec = spec
    self.seed = seed
    if let draws, draws.serves(spec, seed: seed) {
      drawnRequests = draws.requests
      drawnGaps = draws.gapDraws
      arrivals = draws.arrivalsAfter
      promptLengths = draws.promptLengthsAfter
      outputLengths = draws.outputLengthsAfter
    } else {
      drawnRequests = []
      drawnGaps = []
      let streams = RandomStreams(masterSeed: seed)
      arrivals = streams.generator(named: Self.arrivalsStream)
      promptLengths = streams.generator(named: "prompt-tokens")
      outputLengths = streams.generator(named: "output-tokens")
    }
    constantPromptTokens = spec.promptTokens.constantSample
    constantOutputTokens = spec.outputTokens.constantSample
    enterStage()
  }

  /// The length generators' current states (for `WorkloadDraws`).
  var lengthGenerators: (prompt: SeededGenerator, output: SeededGenerator) { (promptLengths, outputLengths) }

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
    if id < drawnRequests.count {
      var request = drawnRequests[id]
      request.arrival = SimTime(microseconds: saturatingMicroseconds(t))
      return request
    }
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

  /// The next raw gap draw: a drawn one while they last, else from the arrivals stream.
  @inline(__always)
  private mutating func nextGapDraw() -> Double {
    if gapsTaken < drawnGaps.count {
      gapsTaken += 1
      return drawnGaps[gapsTaken - 1]
    }
    return stageProcess.drawGap(using: &arrivals)
  }

  /// Next arrival time (µs, fractional), moving through stages; nil after the last stage.
  private mutating func nextArrivalMicros() -> Double? {
    while stage < spec.stages.count {
      let meanGap = stageMeanGapMicros
      let t: Double
      if stageProcess.drawsGaps {
        t = (inStage == 0 ? stageStartMicros : lastMicros) + stageProcess.gapMicros(draw: nextGapDraw(), meanGapMicros: meanGap)
      } else {
        t = stageStartMicros + Double(inStage) * meanGap
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
