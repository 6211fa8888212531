import Foundation

/// One measured step as the blackbox fit sees it: the step's shape and its measured GPU time.
public struct CalibrationSample: Sendable, Equatable {
  public var kind: StepMeasurement.Kind
  /// The step's shape. For CSV input the prefill tokens are one chunk of unknown context
  /// (`prefillShapeKnown` is false).
  public var batch: BatchShape
  /// Whether `batch.prefills` describes the real chunks (JSONL) or only their token total (CSV).
  public var prefillShapeKnown: Bool
  /// Measured step time, µs (> 0).
  public var measuredMicros: Double
  /// 1-based line of the input file.
  public var line: Int

  public init(kind: StepMeasurement.Kind, batch: BatchShape, prefillShapeKnown: Bool, measuredMicros: Double, line: Int) {
    self.kind = kind; self.batch = batch; self.prefillShapeKnown = prefillShapeKnown
    self.measuredMicros = measuredMicros; self.line = line
  }

  /// The value of `term`'s feature for this step (`kneeTokens` is the knee used by `tokensBeyondKnee`).
  public func feature(_ term: BlackboxTerm, kneeTokens: Double) -> Double {
    switch term {
    case .step: return 1
    case .prefillToken: return Double(batch.prefillTokens)
    case .decodeRequest: return Double(batch.decodeCount)
    case .decodeContextToken: return Double(batch.decodeContextTokensSum)
    case .prefillAttentionPair: return BlackboxTerm.prefillAttentionPairs(batch)
    case .tokensBeyondKnee: return max(0, Double(batch.totalNewTokens) - kneeTokens)
    case .kneeTokens: return 0
    }
  }

  /// A short description of the shape, e.g. "decode 256×ctx 8192" or "prefill 4×1024 + decode 32×ctx 2048";
  /// a decode's ctx is the (mean) number of tokens it attends to, its new token included, as stepbench's `context`.
  public var shapeLabel: String {
    var parts: [String] = []
    if !batch.prefills.isEmpty {
      if prefillShapeKnown {
        let first = batch.prefills[0]
        let same = batch.prefills.allSatisfy { $0 == first }
        if same {
          let ctx = first.contextTokens > 0 ? " ctx \(first.contextTokens)" : ""
          parts.append(batch.prefills.count > 1 ? "prefill \(batch.prefills.count)×\(first.newTokens)\(ctx)" : "prefill \(first.newTokens)\(ctx)")
        } else {
          parts.append("prefill \(batch.prefillTokens) tok in \(batch.prefills.count) chunks")
        }
      } else {
        parts.append("prefill \(batch.prefillTokens)")
      }
    }
    if batch.decodeCount > 0 {
      let meanKeys = (batch.decodeContextTokensSum + batch.decodeCount) / batch.decodeCount
      parts.append("decode \(batch.decodeCount)×ctx \(meanKeys)")
    }
    return parts.isEmpty ? "empty" : parts.joined(separator: " + ")
  }
}

/// Reads step samples from a stepbench JSONL file, keeping line numbers, filtered to one GPU and model.
public enum StepBenchSamples {
  /// The step rows of `text` with their line numbers (malformed lines throw with their number).
  public static func read(_ text: String) throws(StepBenchError) -> [(line: Int, step: StepMeasurement)] {
    var out: [(line: Int, step: StepMeasurement)] = []
    for (number, line) in NumberedLines.nonBlank(text) {
      if let m = try StepBenchReader.parseLine(line, number: number) { out.append((number, m)) }
    }
    return out
  }

  /// Whether the stepbench `model` field (e.g. `llama-3.1-8b`) names the model id `modelID`
  /// (e.g. `meta-llama/Llama-3.1-8B-Instruct`): both are lower-cased, reduced to the part after the
  /// last `/`, and stripped of trailing variant suffixes (`-instruct`, `-chat`, `-it`, `-hf`,
  /// `-base`), then must be equal. Device-wide rows (`model` "-") never match.
  public static func modelMatches(stepBenchModel: String, modelID: String) -> Bool {
    let a = normalizedModelName(stepBenchModel)
    return a.contains { $0.isLetter || $0.isNumber } && a == normalizedModelName(modelID)
  }

  /// See `modelMatches`.
  public static func normalizedModelName(_ name: String) -> String {
    var s = String(name.lowercased().split(separator: "/").last ?? "")
    let suffixes = ["-instruct", "-chat", "-it", "-hf", "-base"]
    var changed = true
    while changed {
      changed = false
      for suffix in suffixes where s.hasSuffix(suffix) && s.count > suffix.count {
        s.removeLast(suffix.count); changed = true
      }
    }
    return s
  }
}
