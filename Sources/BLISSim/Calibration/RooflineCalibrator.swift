import Foundation

/// The per-GPU roofline efficiencies `blis calibrate --roofline-params` derives (hardware_config.json keys).
public struct RooflineParameters: Sendable, Equatable, Codable {
  public var gemmEfficiency: Double
  public var memoryEfficiency: Double
  public var attentionDecodeEfficiency: Double
  public var attentionPrefillEfficiency: Double
  public var attentionPrefillHalfTokens: Double
  public var layerOverheadMicros: Double
  public var stepOverheadMicros: Double

  /// `spec` with these parameters (and the smooth-roofline exponent the procedure assumes, 4).
  public func applied(to spec: HardwareSpec) -> HardwareSpec {
    var s = spec
    s.gemmEfficiency = gemmEfficiency; s.memoryEfficiency = memoryEfficiency
    s.attentionDecodeEfficiency = attentionDecodeEfficiency
    s.attentionPrefillEfficiency = attentionPrefillEfficiency; s.attentionPrefillHalfTokens = attentionPrefillHalfTokens
    s.layerOverheadMicros = layerOverheadMicros; s.stepOverheadMicros = stepOverheadMicros
    s.gemmRooflineExponent = RooflineCalibrator.gemmRooflineExponent
    return s
  }
}

/// The fitted parameters and how well the roofline then predicts the file's steps.
public struct RooflineCalibration: Sendable, Equatable {
  public var parameters: RooflineParameters
  /// Per-kind accuracy over the graph-mode steps of every model in the file.
  public var perKind: [BlackboxFitReport.KindAccuracy]
  /// Rows used by each stage: `linear` (GEMM), `lm_head` (GEMV), `attn_prefill` (flash), decode steps.
  public var rowsUsed: [String: Int]
}

/// Derives a GPU's roofline efficiencies from a stepbench file: the procedure of
/// `scripts/calibrate_roofline.py`, in Swift, so it is reproducible without Python.
///
/// Each parameter comes from the micro-benchmark that isolates it; only the last two are fitted on
/// whole steps (decode rows, mode graph), using the simulator's own `RooflineModel`:
/// - gemmEfficiency: median achieved TFLOP/s of `linear` rows with m ≥ 2048 ÷ peak (2 decimals);
/// - memoryEfficiency: mean achieved GB/s of the LM-head GEMV (`linear` lm_head, m = 1) ÷ peak (2 decimals);
/// - attentionPrefillEfficiency e, attentionPrefillHalfTokens ℓ0: least squares on log(predicted /
///   measured) of `attn_prefill` flash rows with t = FLOPs / (peak · e · ℓ/(ℓ + ℓ0)), ℓ = (n + 1)/2
///   (e in [0.05, 1], 2 decimals; ℓ0 in [0, 10⁵], nearest 10);
/// - attentionDecodeEfficiency (in [0.2, 1], 2 decimals), layerOverheadMicros (in [0, 100], 1 decimal):
///   least squares on the relative error of decode steps, with stepOverheadMicros fixed at 20 µs.
/// Nothing is fitted per model: all models in the file pool their rows.
public enum RooflineCalibrator {
  public static let gemmRooflineExponent = 4.0
  public static let stepOverheadMicros = 20.0

  /// - Parameters:
  ///   - text: the stepbench JSONL.
  ///   - gpuMatches: which rows' `gpu` field belong to the GPU.
  ///   - hardware: the GPU's peaks (`tflopsBF16`, `bandwidthTBps`); its efficiencies are replaced.
  public static func calibrate(text: String, gpuMatches: (String) -> Bool, hardware: HardwareSpec) throws -> RooflineCalibration {
    let allRecords = try StepBenchRecord.readAll(text)
    let records = allRecords.filter { gpuMatches($0.gpu) }
    let peakFlops = hardware.tflopsBF16 * 1e12, peakBytes = hardware.bandwidthTBps * 1e12
    var configs: [String: ModelConfig] = [:]
    for r in records where r.kind == "model_info" {
      guard let config = r.object["config"], JSONSerialization.isValidJSONObject(config) else {
        throw StepBenchError(line: r.line, message: "model_info without a 'config' object")
      }
      configs[r.model] = try ModelConfig.parse(data: JSONSerialization.data(withJSONObject: config), source: "stepbench line \(r.line) config")
    }

    let gemmRates = records.filter { $0.kind == "linear" && ($0.shape("m") ?? 0) >= 2048 }.compactMap { $0.number("tflops") }
    guard !gemmRates.isEmpty else { throw CalibrationError.noSamples(detail: "no 'linear' rows with m ≥ 2048 for gemmEfficiency") }
    let gemmEfficiency = round(median(gemmRates) * 1e12 / peakFlops, decimals: 2)

    let gemv = records.filter { $0.kind == "linear" && $0.shapeText("name") == "lm_head" && $0.shape("m") == 1 }.compactMap { $0.number("gbps") }
    guard !gemv.isEmpty else { throw CalibrationError.noSamples(detail: "no 'linear' lm_head m = 1 rows for memoryEfficiency") }
    let memoryEfficiency = round(gemv.reduce(0, +) / Double(gemv.count) * 1e9 / peakBytes, decimals: 2)

    // Prefill attention: for a fixed ℓ0 the best log e is the mean log ratio, so search ℓ0 only.
    var attention: [(flopsTimesPeakInverse: Double, attended: Double, seconds: Double)] = []
    for r in records where r.kind == "attn_prefill" && r.shapeText("backend") == "flash" {
      guard let n = r.shape("seq_len"), let ms = r.number("median_ms"), ms > 0, let c = configs[r.model] else { continue }
      let l = (Double(n) + 1) / 2
      attention.append((4 * Double(c.heads) * Double(c.headDim) * Double(n) / peakFlops, l, ms * 1e-3))
    }
    guard attention.count >= 2 else { throw CalibrationError.noSamples(detail: "fewer than 2 'attn_prefill' flash rows with a model_info config") }
    func attentionFit(_ l0: Double) -> (logE: Double, sse: Double) {
      let logs = attention.map { log($0.flopsTimesPeakInverse * ($0.attended + l0) / $0.seconds) }
      let logE = min(log(1.0), max(log(0.05), logs.reduce(0, +) / Double(logs.count)))
      return (logE, logs.reduce(0) { $0 + ($1 - logE) * ($1 - logE) })
    }
    let l0 = goldenMinimum(in: 0...100_000, tolerance: 1e-3) { attentionFit($0).sse }
    let prefillEfficiency = round(exp(attentionFit(l0).logE), decimals: 2)
    let halfTokens = (l0 / 10).rounded() * 10

    // Decode steps: for a fixed decode efficiency the best layer overhead is a 1-D linear least squares.
    // The step rows of every GPU (a malformed step row is an error whatever its GPU), from the lines already parsed.
    let steps = try allRecords.compactMap { r throws(StepBenchError) in
      try StepBenchReader.measurement(from: r.object, number: r.line).map { (line: r.line, step: $0) }
    }.filter { $0.step.mode == "graph" && gpuMatches($0.step.gpu) && configs[$0.step.model] != nil }
    let decodes = steps.filter { $0.step.kind == .decode }
    guard !decodes.isEmpty else { throw CalibrationError.noSamples(detail: "no graph-mode decode steps with a model_info config") }
    var base = RooflineParameters(gemmEfficiency: gemmEfficiency, memoryEfficiency: memoryEfficiency, attentionDecodeEfficiency: 0.7,
                                  attentionPrefillEfficiency: prefillEfficiency, attentionPrefillHalfTokens: halfTokens,
                                  layerOverheadMicros: 0, stepOverheadMicros: stepOverheadMicros)
    func decodeFit(_ efficiency: Double) -> (overhead: Double, sse: Double) {
      var p = base; p.attentionDecodeEfficiency = efficiency
      let spec = p.applied(to: hardware)
      let terms = decodes.map { d -> (x: Double, r: Double) in
        let c = configs[d.step.model]!
        let micros = RooflineModel(model: c, hardware: spec).breakdown(for: d.step.batch).totalMicros
        return (Double(c.layers) / d.step.measuredMicros, micros / d.step.measuredMicros - 1)
      }
      let xx = terms.reduce(0) { $0 + $1.x * $1.x }, xr = terms.reduce(0) { $0 + $1.x * $1.r }
      let overhead = min(100, max(0, -xr / xx))
      return (overhead, terms.reduce(0) { $0 + ($1.r + $1.x * overhead) * ($1.r + $1.x * overhead) })
    }
    var bestEfficiency = 0.2, bestSSE = decodeFit(0.2).sse
    for e in stride(from: 0.2, through: 1.0, by: 0.01) {
      let sse = decodeFit(e).sse
      if sse < bestSSE { bestEfficiency = e; bestSSE = sse }
    }
    let efficiency = goldenMinimum(in: max(0.2, bestEfficiency - 0.01)...min(1.0, bestEfficiency + 0.01), tolerance: 1e-6) { decodeFit($0).sse }
    base.attentionDecodeEfficiency = round(efficiency, decimals: 2)
    base.layerOverheadMicros = round(decodeFit(efficiency).overhead, decimals: 1)

    let spec = base.applied(to: hardware)
    let perKind = StepMeasurement.Kind.allCases.compactMap { kind -> BlackboxFitReport.KindAccuracy? in
      let errors = steps.filter { $0.step.kind == kind }.map { s in
        abs(RooflineModel(model: configs[s.step.model]!, hardware: spec).breakdown(for: s.step.batch).totalMicros / s.step.measuredMicros - 1)
      }
      guard !errors.isEmpty else { return nil }
      return .init(kind: kind, rows: errors.count, mape: errors.reduce(0, +) / Double(errors.count), maxAbsoluteError: errors.max() ?? 0)
    }
    return RooflineCalibration(parameters: base, perKind: perKind,
                               rowsUsed: ["linear": gemmRates.count, "lm_head": gemv.count, "attn_prefill": attention.count, "decode": decodes.count])
  }

  static func median(_ xs: [Double]) -> Double {
    let s = xs.sorted(), n = s.count
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
  }

  static func round(_ x: Double, decimals: Int) -> Double {
    let f = pow(10, Double(decimals))
    return (x * f).rounded() / f
  }

  /// Minimum of a unimodal `f` on `range` by golden-section search.
  static func goldenMinimum(in range: ClosedRange<Double>, tolerance: Double, _ f: (Double) -> Double) -> Double {
    let ratio = (5.0.squareRoot() - 1) / 2
    var a = range.lowerBound, b = range.upperBound
    var c = b - ratio * (b - a), d = a + ratio * (b - a)
    var fc = f(c), fd = f(d)
    while b - a > tolerance * max(1, abs(a) + abs(b)) {
      if fc < fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = f(d) }
    }
    return (a + b) / 2
  }
}
