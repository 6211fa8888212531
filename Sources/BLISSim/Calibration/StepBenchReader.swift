import Foundation

/// One measured engine step from a stepbench JSONL file (see the stepbench README).
public struct StepMeasurement: Sendable, Equatable {
  /// Kinds of step rows; other kinds (gemm, linear, …) are micro-benchmarks and are skipped.
  public enum Kind: String, Sendable, Codable, CaseIterable { case prefill, decode, mixed }

  /// GPU name as recorded (e.g. "NVIDIA H100 80GB HBM3").
  public var gpu: String
  /// Model short name as recorded (e.g. "llama-3.1-8b").
  public var model: String
  public var kind: Kind
  /// "graph" (CUDA-graph replay, pure GPU time) or "eager".
  public var mode: String
  /// The step as the simulator would see it.
  public var batch: BatchShape
  /// Median measured duration, µs.
  public var measuredMicros: Double
}

/// A stepbench line that could not be read. One line, with the 1-based line number.
public struct StepBenchError: Error, Equatable, CustomStringConvertible {
  public var line: Int
  public var message: String
  public var description: String { "stepbench line \(line): \(message)" }
}

/// Reads stepbench JSONL files.
public enum StepBenchReader {
  /// Parses every `prefill`/`decode`/`mixed` line of `text`; other kinds and blank lines are skipped.
  ///
  /// Shape mapping: `prefill {num_seqs, seq_len}` → `num_seqs` fresh chunks of `seq_len` tokens;
  /// `decode {batch, context}` → `batch` decodes with `context − 1` cached tokens each (the new token
  /// is the last of `context`); `mixed {decode_batch, decode_context, prefill_tokens, prefill_context}`
  /// → those decodes plus one chunk of `prefill_tokens` over `prefill_context` cached tokens.
  public static func parse(_ text: String) throws(StepBenchError) -> [StepMeasurement] {
    try StepBenchSamples.read(text).map(\.step)
  }

  /// Parses one line; nil for kinds that are not steps.
  public static func parseLine(_ line: String, number: Int) throws(StepBenchError) -> StepMeasurement? {
    let obj: [String: Any]
    do { obj = try parseJSONObject(Data(line.utf8)) } catch {
      switch error {
      case .notAnObject: throw StepBenchError(line: number, message: "not a JSON object")
      case .malformed: throw StepBenchError(line: number, message: "malformed JSON: \(error.message)")
      }
    }
    return try measurement(from: obj, number: number)
  }

  /// The step an already-parsed line describes; nil for kinds that are not steps.
  static func measurement(from obj: [String: Any], number: Int) throws(StepBenchError) -> StepMeasurement? {
    guard let kindName = obj["kind"] as? String else { throw StepBenchError(line: number, message: "missing 'kind'") }
    guard let kind = StepMeasurement.Kind(rawValue: kindName) else { return nil }
    guard let shapes = obj["shapes"] as? [String: Any] else { throw StepBenchError(line: number, message: "missing 'shapes'") }
    func int(_ key: String, max: Int = WorkloadLimits.maxTokens) throws(StepBenchError) -> Int {
      guard let n = shapes[key] as? NSNumber, !isJSONBool(n), n.doubleValue.rounded() == n.doubleValue,
            n.doubleValue >= 0, n.doubleValue <= Double(max) else {
        throw StepBenchError(line: number, message: "shapes.\(key) must be an integer in 0...\(max)")
      }
      return Int(n.doubleValue)
    }
    var batch = BatchShape()
    switch kind {
    case .prefill:
      let seqLen = try int("seq_len")
      for _ in 0..<(try int("num_seqs", max: StepCSVReader.maxDecodes)) { batch.prefills.append(PrefillChunk(contextTokens: 0, newTokens: seqLen)) }
    case .decode:
      batch.addDecodes(count: try int("batch", max: StepCSVReader.maxDecodes), contextTokens: max(0, try int("context") - 1))
    case .mixed:
      batch.addDecodes(count: try int("decode_batch", max: StepCSVReader.maxDecodes), contextTokens: max(0, try int("decode_context") - 1))
      batch.prefills.append(PrefillChunk(contextTokens: try int("prefill_context"), newTokens: try int("prefill_tokens")))
    }
    guard let ms = (obj["median_ms"] as? NSNumber)?.doubleValue, StepCSVReader.measuredMicrosRange.contains(ms * 1000) else {
      throw StepBenchError(line: number, message: "median_ms must be a number of milliseconds in [0.001, 1e7]")
    }
    return StepMeasurement(gpu: obj["gpu"] as? String ?? "", model: obj["model"] as? String ?? "", kind: kind,
                           mode: obj["mode"] as? String ?? "", batch: batch, measuredMicros: ms * 1000)
  }
}
