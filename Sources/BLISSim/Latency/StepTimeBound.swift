/// Checks, before a run, that a step-time model gives a usable duration for every batch the
/// engine can form — so absurd inputs (`--beta-coeffs 1e308,1e308,1e308`, a GPU with 1e-300 TB/s)
/// are an error naming their source instead of a clock that silently ticks 1 µs or saturates.
///
/// Every model is monotone in the batch (more tokens, sequences or context never take less time),
/// so it is enough to cost one batch that is at least as large as any real one in every dimension:
/// a full token budget of prefill over the longest context, plus the most decodes, each over the
/// longest context. The same goes for the serving stack's costs around steps, arrivals and tokens.
public enum StepTimeBound {
  /// The longest step (and CPU overhead) accepted: 10¹⁰ µs, about 2.8 hours.
  public static let maximumMicros = 1e10

  /// The batch that bounds every batch the engine can form under these limits.
  public static func largestBatch(maxNumBatchedTokens: Int, maxNumSeqs: Int, maxContextTokens: Int) -> BatchShape {
    var batch = BatchShape(prefills: [PrefillChunk(contextTokens: maxContextTokens, newTokens: maxNumBatchedTokens)])
    batch.addDecodes(count: maxNumSeqs, contextTokens: maxContextTokens)
    return batch
  }

  /// Throws when the step time of `model` for the largest batch `engine` can form, or a cost of
  /// `engine.serving` for it, is not finite, negative, or longer than `maximumMicros`. `source`
  /// names where the model's numbers came from (e.g. "--alpha-coeffs/--beta-coeffs").
  public static func check(_ model: any LatencyModel, engine: EngineConfiguration, source: String) throws(StepTimeBoundError) {
    let capacityTokens = Double(engine.totalKVBlocksPerInstance) * Double(engine.blockSizeTokens)
    let context = Int(min(Double(engine.maxModelLen ?? Int.max), capacityTokens, 1e12))
    let batch = largestBatch(maxNumBatchedTokens: engine.maxNumBatchedTokens, maxNumSeqs: engine.maxNumSeqs,
                             maxContextTokens: context)
    let shape = "\(engine.maxNumBatchedTokens) prefill tokens and \(engine.maxNumSeqs) decodes over \(context)-token contexts"
    let stack = engine.serving, prompt = Double(context), front = stack.frontEnd, output = stack.outputPath
    let checks: [(String, Double)] = [
      ("step time for the largest batch the engine can form (\(shape))", model.unroundedStepMicros(for: batch)),
      ("host CPU time of a step with \(engine.maxNumSeqs) requests",
       stack.hostMicros(running: engine.maxNumSeqs, scheduledTokens: engine.maxNumBatchedTokens + engine.maxNumSeqs,
                        outputTokens: engine.maxNumSeqs, steps: stack.engineLoop.multiStep)),
      ("arrival delay of a \(context)-token prompt",
       front.networkRoundTripMicros + front.apiIngressMicros + front.apiPerPromptTokenMicros * prompt
         + front.tokenizerWindowMicros + front.tokenizePerPromptTokenMicros * prompt + front.fixedDelayMicros
         + front.fixedDelayPerPromptTokenMicros * prompt),
      ("output delay of a token", output.stepMicros + output.perTokenMicros * Double(engine.maxNumSeqs)
         + output.firstChunkMicros + output.firstChunkPerPromptTokenMicros * prompt + output.tokenDelayMicros),
    ]
    for (what, micros) in checks where !(micros.isFinite && micros >= 0 && micros <= maximumMicros) {
      throw StepTimeBoundError(what: what, micros: micros, model: model.summary, source: source)
    }
  }
}

/// A step-time model that gives an unusable duration. One line naming the quantity, its value and
/// where the numbers came from.
public struct StepTimeBoundError: Error, Equatable, Sendable, CustomStringConvertible {
  public var what: String
  public var micros: Double
  public var model: String
  public var source: String

  public var description: String {
    "\(source): the \(what) would be \(micros) µs (allowed: a finite duration of at most 1e10 µs; model \(model))"
  }
}

extension StepTimeSource {
  /// Where the step-time numbers came from, as an error names it.
  public var errorPlace: String {
    switch self {
    case .rooflineEntry(let gpu): return "the roofline of the model config on the \(gpu) entry of the hardware config"
    case .coefficientRow(let model, let gpu, let tp): return "the defaults.yaml row \(model) / \(gpu) / TP\(tp)"
    case .coefficientFlags(let overRow): return "--alpha-coeffs/--beta-coeffs\(overRow ? " over the defaults.yaml row" : "")"
    }
  }
}
